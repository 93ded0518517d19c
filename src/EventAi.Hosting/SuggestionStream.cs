using System.Diagnostics.CodeAnalysis;

namespace EventAi;

/// <summary>
/// A suggestion on its way to a caller: either the cached text, whole, or the model's answer streaming
/// in (shared with every concurrent caller of the same issue group, and cached once it completes).
/// Dispose it when done: a live stream that is left unread keeps its group's model call going until
/// <see cref="SuggestionStreamOptions.IdleTimeout"/> releases it.
/// </summary>
public sealed class SuggestionStream : IAsyncDisposable
{
    private readonly SuggestionReader? _reader;

    private SuggestionStream(string? cachedText, SuggestionReader? reader, bool startedModelCall)
    {
        CachedText = cachedText;
        _reader = reader;
        Live = reader;
        IsCached = reader is null;
        StartedModelCall = startedModelCall;
    }

    /// <summary>The whole cached text; <c>null</c> when the answer is streaming in.</summary>
    public string? CachedText { get; }

    /// <summary>
    /// The text of a live answer: on the first read, everything the model has sent so far (a caller that
    /// joins a running answer catches up at once), then each chunk as it arrives. <c>null</c> when the text
    /// came from the cache. It can be read once. A reader that falls more than
    /// <see cref="SuggestionStreamOptions.ReaderBuffer"/> chunks behind gets <see cref="SuggestionStreamOverflowException"/>.
    /// </summary>
    /// <exception cref="ModelServiceException">The service failed (a rate limit as <see cref="ModelRateLimitedException"/>).</exception>
    public IAsyncEnumerable<string>? Live { get; }

    /// <summary>Whether the text came from the cache (<see cref="CachedText"/> is set) rather than live (<see cref="Live"/> is set).</summary>
    [MemberNotNullWhen(true, nameof(CachedText))]
    [MemberNotNullWhen(false, nameof(Live))]
    public bool IsCached { get; }

    /// <summary>Whether this stream started the model call (rather than joining one already running).</summary>
    internal bool StartedModelCall { get; }

    /// <summary>
    /// The whole text: the cached text, or the live answer once it completes (without reading it chunk by
    /// chunk, so this reader is never dropped for falling behind).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ModelServiceException">The service failed (a rate limit as <see cref="ModelRateLimitedException"/>).</exception>
    public async Task<string> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        if (IsCached)
        {
            return CachedText;
        }

        return await _reader!.Broadcast.ReadToEndAsync(_reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves the live answer; when no other caller reads it, the model call is cancelled and nothing is cached.</summary>
    public ValueTask DisposeAsync()
    {
        _reader?.Broadcast.Detach(_reader);
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether this caller is the first to report the model call's failure, so that it is logged once.</summary>
    internal bool TryClaimFailureReport() => _reader is null || _reader.Broadcast.TryClaimFailureReport();

    internal static SuggestionStream FromCache(string text) => new(text, null, startedModelCall: false);

    internal static SuggestionStream FromModel(SuggestionReader reader, bool startedModelCall) => new(null, reader, startedModelCall);
}
