using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace EventAi;

/// <summary>
/// Counts tokens exactly as a tiktoken tokenizer does, in bounded pieces: the tokenizer's own
/// pre-tokenizer cuts the text into pieces (linear), pieces of up to 64 characters are counted by the
/// tokenizer itself, and longer ones (a run of CJK text or of one letter, which the tokenizer encodes in
/// quadratic time) by <see cref="BytePairCounter"/> in O(n log n). A count can stop at a limit: past it,
/// the result is only known to be over the limit, which is all a budget needs.
/// </summary>
internal sealed class TokenTally
{
    private const int LongPiece = 64;
    private readonly Lazy<BpeRanks?> _ranks;

    /// <summary>Creates a tally for a tokenizer and the encoding its ranks are read from (none: the tokenizer counts every piece).</summary>
    public TokenTally(Tokenizer tokenizer, string? encoding)
    {
        Tokenizer = tokenizer;
        _ranks = new Lazy<BpeRanks?>(() => encoding is null ? null : BpeRanks.Load(encoding));
    }

    /// <summary>The tokenizer counted for.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>
    /// The tokens of the text: exact when they are at most <paramref name="limit"/>; otherwise some number
    /// over the limit, at most the exact count.
    /// </summary>
    public int Count(ReadOnlySpan<char> text, int limit = int.MaxValue)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        if (Tokenizer.PreTokenizer is not { } preTokenizer || Tokenizer.Normalizer is not null)
        {
            return Tokenizer.CountTokens(text);
        }

        long total = 0;
        foreach ((int offset, int length) in preTokenizer.PreTokenize(text))
        {
            ReadOnlySpan<char> piece = text.Slice(offset, length);
            total += length <= LongPiece
                ? Tokenizer.CountTokens(piece, considerPreTokenization: false, considerNormalization: false)
                : CountLongPiece(piece, (int)Math.Min(int.MaxValue, limit - total));
            if (total > limit)
            {
                break;
            }
        }

        return (int)Math.Min(total, int.MaxValue);
    }

    private int CountLongPiece(ReadOnlySpan<char> piece, int limit)
    {
        if (_ranks.Value is not { } ranks)
        {
            return Tokenizer.CountTokens(piece, considerPreTokenization: false, considerNormalization: false);
        }

        byte[] utf8 = ArrayPool<byte>.Shared.Rent(piece.Length * 3);
        try
        {
            int length = ToUtf8(piece, utf8);

            // No token is longer than the longest one: a piece that long cannot fit, whatever its encoding.
            int atLeast = (length + ranks.MaxTokenBytes - 1) / ranks.MaxTokenBytes;
            return atLeast > limit ? atLeast : BytePairCounter.Count(utf8.AsSpan(0, length), ranks);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    // UTF-8 as the tokenizer writes it: a lone surrogate is encoded as its own three bytes, not replaced.
    private static int ToUtf8(ReadOnlySpan<char> text, Span<byte> utf8)
    {
        int length = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                c = char.ConvertToUtf32(text[i], text[++i]);
                utf8[length++] = (byte)(0xF0 | (c >> 18));
                utf8[length++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                utf8[length++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                utf8[length++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (c < 0x80)
            {
                utf8[length++] = (byte)c;
            }
            else if (c < 0x800)
            {
                utf8[length++] = (byte)(0xC0 | (c >> 6));
                utf8[length++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                utf8[length++] = (byte)(0xE0 | (c >> 12));
                utf8[length++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                utf8[length++] = (byte)(0x80 | (c & 0x3F));
            }
        }

        return length;
    }
}
