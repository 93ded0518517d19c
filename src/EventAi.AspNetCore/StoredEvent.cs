namespace EventAi.AspNetCore;

/// <summary>
/// An event as the host app stores it: its issue group, known at once, and its payload, read only when
/// needed. A cached answer needs only the group, so a host whose store can give the group without the
/// payload (a database column, file metadata) should use the constructor that opens the payload on demand.
/// </summary>
public sealed class StoredEvent
{
    private readonly ReadOnlyMemory<byte> _json;
    private readonly Func<CancellationToken, ValueTask<Stream>>? _openJson;

    /// <summary>An event whose payload is already in memory.</summary>
    /// <param name="json">The Sentry event payload, UTF-8 JSON.</param>
    /// <param name="groupKey">The issue group it belongs to, so all events of one issue share one answer; null when unknown.</param>
    public StoredEvent(ReadOnlyMemory<byte> json, string? groupKey)
    {
        _json = json;
        GroupKey = groupKey;
        Length = json.Length;
    }

    /// <summary>An event whose payload is read only when the answer is not cached.</summary>
    /// <param name="groupKey">The issue group it belongs to, so all events of one issue share one answer; null when unknown.</param>
    /// <param name="openJson">Opens the Sentry event payload (UTF-8 JSON); the stream is disposed after reading.</param>
    /// <param name="length">The payload's size in bytes when the store knows it, so an event that is too large is refused unread.</param>
    public StoredEvent(string? groupKey, Func<CancellationToken, ValueTask<Stream>> openJson, long? length = null)
    {
        ArgumentNullException.ThrowIfNull(openJson);
        ArgumentOutOfRangeException.ThrowIfNegative(length ?? 0, nameof(length));
        GroupKey = groupKey;
        Length = length;
        _openJson = openJson;
    }

    /// <summary>The issue group the event belongs to; <c>null</c> when unknown.</summary>
    public string? GroupKey { get; }

    /// <summary>The payload's size in bytes, when known.</summary>
    public long? Length { get; }

    /// <summary>Opens the payload.</summary>
    /// <param name="cancellationToken">Stops opening it.</param>
    public async ValueTask<Stream> OpenJsonAsync(CancellationToken cancellationToken = default)
    {
        if (_openJson is not null)
        {
            return await _openJson(cancellationToken).ConfigureAwait(false);
        }

        return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(_json, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(_json.ToArray(), writable: false);
    }

    /// <summary>The payload, or <c>null</c> when it is larger than <paramref name="maxBytes"/> (read no further than that).</summary>
    internal async ValueTask<ReadOnlyMemory<byte>?> ReadJsonAsync(int maxBytes, CancellationToken cancellationToken)
    {
        if (Length > maxBytes)
        {
            return null;
        }

        if (_openJson is null)
        {
            return _json;
        }

        Stream stream = await _openJson(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // One byte beyond the limit tells a payload that is too large from one that is exactly at it.
            byte[] buffer = new byte[(int)Math.Min(maxBytes + 1L, Length + 1 ?? 64 * 1024)];
            int total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > maxBytes)
                    {
                        return null;
                    }

                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
                }

                int read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsMemory(0, total);
                }

                total += read;
            }
        }
    }
}
