using System.Buffers;

namespace EventAi;

/// <summary>
/// The user name in a home-directory path, as Sentry Relay's <c>@userpath</c> rule finds it:
/// <c>/home/jane/</c>, <c>/Users/jane/</c>, <c>C:\Users\jane\</c>, <c>C:/Users/jane/</c>,
/// <c>C:\Documents and Settings\jane\</c>, <c>C:\Windows\Profiles\jane\</c>. The rest of the path stays (it is the clue); works on a
/// bare path such as a frame's file name as well as on text holding one. Unix forms are
/// case-sensitive and must start a path, so URL routes such as <c>/Home/Index</c> or
/// <c>https://host/users/1</c> are not paths here.
/// </summary>
internal sealed class UserPathRule : ScrubRule
{
    private const string Replacement = "[user]";

    private static readonly SearchValues<string> Triggers = SearchValues.Create(
        ["/home/", "/users/", "\\users\\", "\\users/", "/users\\", "\\documents and settings\\", "\\profiles\\"], StringComparison.OrdinalIgnoreCase);

    public UserPathRule()
        : base(nameof(ScrubRules.UserPath))
    {
    }

    public override bool MayMatch(TextTraits traits) => (traits & (TextTraits.Slash | TextTraits.Backslash)) != 0;

    public override bool MayMatch(ReadOnlySpan<char> text) => text.IndexOfAny(Triggers) >= 0;

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        int position = 0;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny(Triggers);
            if (hit < 0)
            {
                return;
            }

            int separator = position + hit;
            position = separator + 1;
            found.CheckBudget();
            int userStart = UserStart(text, separator, out bool windows);
            if (userStart < 0)
            {
                continue;
            }

            while (userStart < text.Length && text[userStart] is '/' or '\\')
            {
                userStart++;
            }

            int userEnd = windows ? WindowsUserEnd(text, userStart) : UnixUserEnd(text, userStart);
            if (userEnd > userStart && !SecretValues.IsPlaceholder(text[userStart..userEnd]) && text[userStart] is not '~' and not '*')
            {
                found.Add(text, userStart, userEnd - userStart, Replacement);
                position = userEnd;
            }
        }
    }

    /// <summary>Where the user name starts after the home directory at <paramref name="separator"/>, or -1 when this is no home directory.</summary>
    private static int UserStart(ReadOnlySpan<char> text, int separator, out bool windows)
    {
        ReadOnlySpan<char> rest = text[separator..];
        if (rest[1] is 'p' or 'P')
        {
            // Windows 9x and NT 4: "C:\Windows\Profiles\jane\".
            windows = true;
            int directory = text[..separator].LastIndexOfAny('\\', '/');
            return directory >= 0 && HasDriveBefore(text, directory) ? separator + "\\profiles\\".Length : -1;
        }

        int directoryLength = rest[1] is 'd' or 'D' ? "\\documents and settings\\".Length : rest[1] is 'h' or 'H' ? "/home/".Length : "/users/".Length;
        windows = HasDriveBefore(text, separator);
        if (windows)
        {
            return separator + directoryLength;
        }

        bool unix = rest.StartsWith("/home/", StringComparison.Ordinal) || rest.StartsWith("/Users/", StringComparison.Ordinal);
        return unix && StartsUnixPath(text, separator) ? separator + directoryLength : -1;
    }

    // "C:\", "C:/", "c:\\" (escaped) or "\\?\C:\" just before the separator.
    private static bool HasDriveBefore(ReadOnlySpan<char> text, int separator)
    {
        int k = separator;
        while (k > 0 && text[k - 1] is '\\' or '/')
        {
            k--;
        }

        return k >= 2 && text[k - 1] == ':' && char.IsAsciiLetter(text[k - 2]) && !TextScan.IsWordCharAt(text, k - 3);
    }

    // The path starts here: at the start, after a blank, quote or bracket, after "file://", or under /var or /mnt/c.
    private static bool StartsUnixPath(ReadOnlySpan<char> text, int separator)
    {
        if (separator == 0)
        {
            return true;
        }

        char before = text[separator - 1];
        if (char.IsWhiteSpace(before) || TextScan.IsQuote(before) || before is '(' or '[' or '{' or '<' or '>' or '=' or ':' or ',' or ';' or '|' or '@' or '/')
        {
            return true;
        }

        ReadOnlySpan<char> head = text[..separator];
        return head.EndsWith("/var", StringComparison.Ordinal)
            || (head.Length >= 6 && head[^6..^1].SequenceEqual("/mnt/") && char.IsAsciiLetterLower(head[^1]));
    }

    private static int UnixUserEnd(ReadOnlySpan<char> text, int start)
    {
        int end = start;
        while (end < text.Length && !EndsUnixName(text[end]))
        {
            end++;
        }

        return end;
    }

    // Windows user names may hold blanks ("C:\Users\John Smith\"): they count only when a separator follows.
    private static int WindowsUserEnd(ReadOnlySpan<char> text, int start)
    {
        int end = start;
        while (end < text.Length && !EndsWindowsName(text[end]))
        {
            end++;
        }

        if (end < text.Length && text[end] is '\\' or '/')
        {
            return end;
        }

        int blank = text[start..end].IndexOfAny(' ', '\t');
        return blank < 0 ? end : start + blank;
    }

    private static bool EndsUnixName(char c) =>
        char.IsWhiteSpace(c) || c is '/' or '\\' or ':' or ',' or ';' or ')' or ']' or '}' or '<' or '>' or '|' or '*' or '?' or '\0' || TextScan.IsQuote(c);

    private static bool EndsWindowsName(char c) =>
        TextScan.IsLineBreak(c) || c is '/' or '\\' or ':' or '<' or '>' or '|' or '*' or '?' or '\0' || TextScan.IsQuote(c);
}
