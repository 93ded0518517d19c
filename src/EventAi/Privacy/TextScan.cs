namespace EventAi;

/// <summary>Character classes and small look-arounds the hand-written scrubbing rules share.</summary>
internal static class TextScan
{
    /// <summary>A letter, digit or underscore, as <c>\w</c> counts them for ASCII and most scripts.</summary>
    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>A character of a name such as <c>aws_secret_access_key</c>, <c>X-Api-Key</c> or <c>spring.datasource.password</c>.</summary>
    public static bool IsNameChar(char c) => IsWordChar(c) || c is '-' or '.';

    public static bool IsQuote(char c) => c is '"' or '\'' or '`';

    public static bool IsBlank(char c) => c is ' ' or '\t';

    public static bool IsLineBreak(char c) => c is '\n' or '\r';

    public static int SkipBlanks(ReadOnlySpan<char> text, int index)
    {
        while (index < text.Length && IsBlank(text[index]))
        {
            index++;
        }

        return index;
    }

    public static bool IsDigitAt(ReadOnlySpan<char> text, int index) => (uint)index < (uint)text.Length && char.IsAsciiDigit(text[index]);

    public static bool IsWordCharAt(ReadOnlySpan<char> text, int index) => (uint)index < (uint)text.Length && IsWordChar(text[index]);

    /// <summary>Whether a number continues after <paramref name="index"/> as in <c>.5</c> or <c>-5</c>: a version, a date or an id.</summary>
    public static bool ContinuesNumber(ReadOnlySpan<char> text, int index) =>
        index < text.Length && (char.IsAsciiDigit(text[index]) || (text[index] is '.' or '-' && IsDigitAt(text, index + 1)));

    /// <summary>"10.0" somewhere: an IPv4 address has digits on both sides of a dot.</summary>
    public static bool HasDigitDotDigit(ReadOnlySpan<char> text)
    {
        int dot = text.IndexOf('.');
        while (dot >= 0)
        {
            if (IsDigitAt(text, dot - 1) && IsDigitAt(text, dot + 1))
            {
                return true;
            }

            int next = text[(dot + 1)..].IndexOf('.');
            dot = next < 0 ? -1 : dot + 1 + next;
        }

        return false;
    }

    /// <summary>Whether the text holds <paramref name="length"/> digits in a row; skips other text vectorized.</summary>
    public static bool HasDigitRun(ReadOnlySpan<char> text, int length)
    {
        int start = text.IndexOfAnyInRange('0', '9');
        while (start >= 0)
        {
            ReadOnlySpan<char> rest = text[start..];
            int run = rest.IndexOfAnyExceptInRange('0', '9');
            if ((run < 0 ? rest.Length : run) >= length)
            {
                return true;
            }

            if (run < 0)
            {
                return false;
            }

            int next = rest[run..].IndexOfAnyInRange('0', '9');
            start = next < 0 ? -1 : start + run + next;
        }

        return false;
    }

    /// <summary>
    /// Whether <c>\d{3}-\d{2}-\d{4}</c> occurs (digits as <c>\d</c> counts them), the shape of a US social security
    /// number; found from the dashes, so text with no dash costs one vectorized scan.
    /// </summary>
    public static bool HasSsnShape(ReadOnlySpan<char> text)
    {
        int dash = text.IndexOf('-');
        while (dash >= 0)
        {
            if (dash >= 3 && AllDigits(text.Slice(dash - 3, 3)) && dash + 8 <= text.Length && AllDigits(text.Slice(dash + 1, 2))
                && text[dash + 3] == '-' && AllDigits(text.Slice(dash + 4, 4)))
            {
                return true;
            }

            int next = text[(dash + 1)..].IndexOf('-');
            dash = next < 0 ? -1 : dash + 1 + next;
        }

        return false;
    }

    /// <summary>Whether <c>[A-Z]{2}\d{2}</c> occurs, the start of an IBAN (<c>DE89</c>); found from the capital letters.</summary>
    public static bool HasIbanStart(ReadOnlySpan<char> text)
    {
        int capital = text.IndexOfAnyInRange('A', 'Z');
        while (capital >= 0)
        {
            if (capital + 4 <= text.Length && char.IsAsciiLetterUpper(text[capital + 1]) && AllDigits(text.Slice(capital + 2, 2)))
            {
                return true;
            }

            int next = text[(capital + 1)..].IndexOfAnyInRange('A', 'Z');
            capital = next < 0 ? -1 : capital + 1 + next;
        }

        return false;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
