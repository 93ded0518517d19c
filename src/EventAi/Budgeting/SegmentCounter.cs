using System.Buffers;
using System.Text;

namespace EventAi;

/// <summary>
/// Counts the tokens of compact JSON part by part (the text between two <see cref="SplitPoints"/>),
/// remembering the count of every part it has seen: after a reduction step, only the parts the step
/// changed are counted again. A count stops as soon as it is over its limit.
/// </summary>
internal sealed class SegmentCounter(TokenTally tally)
{
    private const int ChunkBytes = 16 * 1024;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>
    /// The tokens of the description after <paramref name="step"/> steps: exact when at most
    /// <paramref name="limit"/>, otherwise some number over it.
    /// </summary>
    public int Count(ReducibleNode root, int step, int limit)
    {
        var sink = new CountingSink(this, limit);
        try
        {
            DescriptionText.Write(root, step, sink);
            return sink.Finish();
        }
        finally
        {
            sink.Release();
        }
    }

    /// <summary>The tokens of compact JSON: exact when at most <paramref name="limit"/>, otherwise some number over it.</summary>
    public int Count(ReadOnlySpan<byte> json, int limit)
    {
        long total = 0;
        int start = 0;
        while (start < json.Length && total <= limit)
        {
            int split = SplitPoints.Next(json, start + 1);
            int end = split < 0 ? json.Length : split;
            total += CountPart(json[start..end], (int)(limit - total));
            start = end;
        }

        return (int)Math.Min(total, int.MaxValue);
    }

    private int CountPart(ReadOnlySpan<byte> utf8, int limit)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            ReadOnlySpan<char> part = chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, chars));
            Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> known = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
            if (known.TryGetValue(part, out int count))
            {
                return count;
            }

            count = tally.Count(part, limit);
            if (count <= limit)
            {
                known[part] = count; // exact: over the limit it would only be a bound
            }

            return count;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Counts what is written, a chunk at a time, keeping the part not yet ended.</summary>
    private sealed class CountingSink(SegmentCounter owner, int limit) : Utf8Sink
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes * 2);
        private int _length;
        private int _scanFrom = 1;
        private long _total;

        public override void Append(ReadOnlySpan<byte> utf8)
        {
            if (Stopped)
            {
                return;
            }

            if (_length + utf8.Length > _buffer.Length)
            {
                byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + utf8.Length));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            utf8.CopyTo(_buffer.AsSpan(_length));
            _length += utf8.Length;
            if (_length - _scanFrom >= ChunkBytes)
            {
                CountEndedParts();
            }
        }

        public int Finish()
        {
            if (!Stopped && _length > 0)
            {
                CountEndedParts();
                if (!Stopped)
                {
                    _total += owner.CountPart(_buffer.AsSpan(0, _length), (int)Math.Max(0, limit - _total));
                }
            }

            return (int)Math.Min(_total, int.MaxValue);
        }

        public void Release() => ArrayPool<byte>.Shared.Return(_buffer);

        // Each byte is scanned once: the scan resumes where the last one found no split point.
        private void CountEndedParts()
        {
            ReadOnlySpan<byte> written = _buffer.AsSpan(0, _length);
            int start = 0;
            for (int split = SplitPoints.Next(written, _scanFrom); split > 0; split = SplitPoints.Next(written, split + 1))
            {
                _total += owner.CountPart(written[start..split], (int)Math.Max(0, limit - _total));
                start = split;
                if (_total > limit)
                {
                    Stopped = true;
                    return;
                }
            }

            written[start..].CopyTo(_buffer);
            _length -= start;
            _scanFrom = Math.Max(1, _length);
        }
    }
}
