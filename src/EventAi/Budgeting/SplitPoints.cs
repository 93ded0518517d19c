namespace EventAi;

/// <summary>
/// Where the token count of compact JSON may be split: right after a quote that follows <c>{</c>,
/// <c>,</c>, <c>[</c> or <c>:</c> and is followed by an ASCII letter (a name or a string that starts with a
/// letter; inside a string a quote is always escaped, so such a quote is never part of one). The
/// pre-tokenizers of o200k and cl100k always end a piece there: the two punctuation characters belong
/// to one punctuation piece that cannot take the letter in (a piece starts with a single punctuation
/// character before letters only when it starts there, and it cannot start at the quote, right after
/// punctuation), no special token holds a quote, and pre-tokenizing what follows does not depend on what
/// came before. So the tokens of the whole are the sum of the tokens of the parts.
/// </summary>
internal static class SplitPoints
{
    /// <summary>The first split position at or after <paramref name="from"/>; -1 when there is none.</summary>
    public static int Next(ReadOnlySpan<byte> json, int from)
    {
        int quote = Math.Max(from - 1, 1);
        while (quote < json.Length - 1)
        {
            int next = json[quote..^1].IndexOf((byte)'"');
            if (next < 0)
            {
                return -1;
            }

            quote += next;
            if (json[quote - 1] is (byte)'{' or (byte)',' or (byte)'[' or (byte)':' && char.IsAsciiLetter((char)json[quote + 1]))
            {
                return quote + 1;
            }

            quote++;
        }

        return -1;
    }
}
