namespace EventAi;

/// <summary>
/// PEM key blocks, <c>-----BEGIN ... PRIVATE KEY-----</c> (and <c>PUBLIC KEY</c>, as Relay's
/// <c>@pemkey</c> does) up to the matching <c>-----END ...-----</c>, or to the end of the text when
/// it has none. <see cref="LeavesBlockOpen"/> and <see cref="EndOfBlock"/> serve callers that see a
/// key split over several lines, one line at a time.
/// </summary>
internal sealed class PrivateKeyRule : ScrubRule
{
    private const string Begin = "-----BEGIN";
    private const string End = "-----END";
    private const string Dashes = "-----";

    public PrivateKeyRule()
        : base(nameof(ScrubRules.PrivateKey))
    {
    }

    public override bool MayMatch(TextTraits traits) => traits.HasFlag(TextTraits.Dash) && traits.HasFlag(TextTraits.Upper);

    public override bool MayMatch(ReadOnlySpan<char> text) => text.Contains(Begin, StringComparison.Ordinal);

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        int position = 0;
        while (position < text.Length)
        {
            found.CheckBudget();
            int begin = FindHeader(text, position, out int bodyStart, out bool isPrivate);
            if (begin < 0)
            {
                return;
            }

            int end = EndOfBlock(text[bodyStart..]);
            int blockEnd = end < 0 ? text.Length : bodyStart + end;
            found.Add(text, begin, blockEnd - begin, isPrivate ? "[privatekey]" : "[publickey]");
            position = blockEnd;
        }
    }

    /// <summary>Whether the text opens a key block that it does not close: the lines after it are key material.</summary>
    public static bool LeavesBlockOpen(ReadOnlySpan<char> text)
    {
        int position = 0;
        while (FindHeader(text, position, out int bodyStart, out _) >= 0)
        {
            int end = EndOfBlock(text[bodyStart..]);
            if (end < 0)
            {
                return true;
            }

            position = bodyStart + end;
        }

        return false;
    }

    /// <summary>The index just after the first <c>-----END ... KEY-----</c> line in the text, or -1 when there is none.</summary>
    public static int EndOfBlock(ReadOnlySpan<char> text)
    {
        int position = 0;
        while (true)
        {
            int end = text[position..].IndexOf(End, StringComparison.Ordinal);
            if (end < 0)
            {
                return -1;
            }

            int labelStart = position + end + End.Length;
            int labelEnd = LabelEnd(text, labelStart);
            ReadOnlySpan<char> label = text[labelStart..labelEnd].TrimEnd();
            if (text[labelEnd..].StartsWith(Dashes, StringComparison.Ordinal) && (label.EndsWith(" KEY", StringComparison.Ordinal) || label.EndsWith(" KEY BLOCK", StringComparison.Ordinal)))
            {
                return labelEnd + Dashes.Length;
            }

            position = labelStart;
        }
    }

    /// <summary>The index of the next <c>-----BEGIN ... PRIVATE|PUBLIC KEY-----</c> header from <paramref name="from"/>, or -1.</summary>
    private static int FindHeader(ReadOnlySpan<char> text, int from, out int bodyStart, out bool isPrivate)
    {
        int position = from;
        while (position < text.Length)
        {
            int begin = text[position..].IndexOf(Begin, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            begin += position;
            int labelStart = begin + Begin.Length;
            int labelEnd = LabelEnd(text, labelStart);
            ReadOnlySpan<char> label = text[labelStart..labelEnd].TrimEnd();
            if (label.EndsWith(" BLOCK", StringComparison.Ordinal))
            {
                label = label[..^" BLOCK".Length];
            }

            isPrivate = label.EndsWith(" PRIVATE KEY", StringComparison.Ordinal);
            if (text[labelEnd..].StartsWith(Dashes, StringComparison.Ordinal) && (isPrivate || label.EndsWith(" PUBLIC KEY", StringComparison.Ordinal)))
            {
                bodyStart = labelEnd + Dashes.Length;
                return begin;
            }

            position = labelEnd;
        }

        bodyStart = -1;
        isPrivate = false;
        return -1;
    }

    private static int LabelEnd(ReadOnlySpan<char> text, int start)
    {
        int end = start;
        while (end < text.Length && (char.IsAsciiLetterUpper(text[end]) || text[end] == ' '))
        {
            end++;
        }

        return end;
    }
}
