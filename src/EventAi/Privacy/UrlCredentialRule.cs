namespace EventAi;

/// <summary>
/// User information in URLs: <c>https://user:password@host</c> and <c>redis://:password@host</c>
/// become <c>https://[secret]@host</c>; a user alone (<c>https://jane@dev.azure.com</c>) is a person and
/// becomes <c>[user]</c>, except the <c>git</c> of clone URLs.
/// </summary>
internal sealed class UrlCredentialRule : ScrubRule
{
    public UrlCredentialRule()
        : base(nameof(ScrubRules.UrlCredentials))
    {
    }

    public override bool MayMatch(TextTraits traits) => (traits & (TextTraits.Colon | TextTraits.Slash | TextTraits.At)) == (TextTraits.Colon | TextTraits.Slash | TextTraits.At);

    public override bool MayMatch(ReadOnlySpan<char> text) => text.Contains("://", StringComparison.Ordinal) && text.Contains('@');

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        int position = 0;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOf("://", StringComparison.Ordinal);
            if (hit < 0)
            {
                return;
            }

            int separator = position + hit;
            int userStart = separator + 3;
            bool hasScheme = HasScheme(text, separator, position);
            position = userStart;
            found.CheckBudget();
            if (!hasScheme)
            {
                continue;
            }

            int end = userStart;
            while (end < text.Length && !EndsUserInformation(text[end]))
            {
                end++;
            }

            position = end;
            if (end == userStart || end >= text.Length || text[end] != '@')
            {
                continue;
            }

            ReadOnlySpan<char> user = text[userStart..end];
            if (user.Contains(':'))
            {
                found.Add(text, userStart, end - userStart, "[secret]");
            }
            else if (!user.Equals("git", StringComparison.OrdinalIgnoreCase))
            {
                found.Add(text, userStart, end - userStart, "[user]");
            }

            position = end + 1;
        }
    }

    // A scheme before "://": a letter, then letters, digits, "+", "." or "-".
    private static bool HasScheme(ReadOnlySpan<char> text, int separator, int from)
    {
        int start = separator;
        while (start > from && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '+' or '.' or '-'))
        {
            start--;
        }

        ReadOnlySpan<char> scheme = text[start..separator];
        return scheme.ContainsAnyInRange('a', 'z') || scheme.ContainsAnyInRange('A', 'Z');
    }

    private static bool EndsUserInformation(char c) =>
        char.IsWhiteSpace(c) || c is '/' or '?' or '#' or '@' or '[' or ']' or '<' or '>' or '\\' || TextScan.IsQuote(c);
}
