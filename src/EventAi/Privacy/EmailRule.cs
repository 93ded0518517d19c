namespace EventAi;

/// <summary>
/// Email addresses, also URL-encoded (<c>jane%40example.com</c>), replaced by <c>[email]</c>. Not an
/// address: an SSH target such as <c>git@github.com:org/repo.git</c> (a user other than <c>git</c>
/// becomes <c>[user]</c>, the host and path stay), user information in a URL (the URL rule decides),
/// and image names such as <c>icon@2x.png</c>.
/// </summary>
internal sealed class EmailRule : ScrubRule
{
    private const int MaxTopLevelDomain = 24;

    public EmailRule()
        : base(nameof(ScrubRules.Email))
    {
    }

    public override bool MayMatch(TextTraits traits) => (traits & (TextTraits.At | TextTraits.Percent)) != 0;

    public override bool MayMatch(ReadOnlySpan<char> text) => text.Contains('@') || text.Contains("%40", StringComparison.Ordinal);

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        int position = 0;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny('@', '%');
            if (hit < 0)
            {
                return;
            }

            int at = position + hit;
            if (text[at] == '%' && !text[at..].StartsWith("%40", StringComparison.Ordinal))
            {
                position = at + 1;
                continue;
            }

            int domainStart = at + (text[at] == '@' ? 1 : 3);
            found.CheckBudget();
            int start = at;
            while (start > position && IsLocalChar(text[start - 1]))
            {
                start--;
            }

            int end = start < at ? DomainEnd(text, domainStart) : -1;
            if (end < 0)
            {
                position = domainStart;
                continue;
            }

            if (Redaction(text, start, at, domainStart, end) is { } replacement)
            {
                found.Add(text, start, end - start, replacement);
            }

            position = end;
        }
    }

    /// <summary>The end of the furthest label that can be a top-level domain (letters only, 2-24 of them), or -1.</summary>
    private static int DomainEnd(ReadOnlySpan<char> text, int start)
    {
        int end = -1;
        int labels = 0;
        int i = start;
        while (true)
        {
            int labelStart = i;
            bool lettersOnly = true;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '-'))
            {
                lettersOnly &= char.IsLetter(text[i]);
                i++;
            }

            if (i == labelStart)
            {
                return end;
            }

            labels++;
            if (labels > 1 && lettersOnly && i - labelStart is >= 2 and <= MaxTopLevelDomain && !TextScan.IsWordCharAt(text, i))
            {
                end = i;
            }

            if (i + 1 >= text.Length || text[i] != '.')
            {
                return end;
            }

            i++;
        }
    }

    private static string? Redaction(ReadOnlySpan<char> text, int start, int at, int domainStart, int end)
    {
        ReadOnlySpan<char> domain = text[domainStart..end];
        int digits = domain.IndexOfAnyExceptInRange('0', '9');
        if (digits > 0 && domain[digits..].StartsWith("x.", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // "ssh://git@github.com/...": user information in a URL, which the URL rule has decided on.
        if (start >= 2 && text[(start - 2)..start].SequenceEqual("//"))
        {
            return null;
        }

        bool sshTarget = text[at] == '@' && end + 1 < text.Length && text[end] == ':' && (TextScan.IsNameChar(text[end + 1]) || text[end + 1] is '/' or '~');
        if (!sshTarget)
        {
            return "[email]";
        }

        return text[start..at].Equals("git", StringComparison.OrdinalIgnoreCase) ? null : string.Concat("[user]", text[at..end]);
    }

    private static bool IsLocalChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';
}
