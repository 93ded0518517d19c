using System.Buffers;

namespace EventAi;

/// <summary>
/// Phone numbers: international with a leading <c>+</c> (<c>+1 415 555 0134</c>, <c>+44 20 7946 0958</c>,
/// <c>+14155550134</c>, <c>+49 (0)30 1234567</c>), 8 to 15 digits as E.164 allows, and the US national
/// forms <c>415-555-0134</c> and <c>(415) 555-0134</c>. Versions, dates, times, ids and time-zone
/// offsets are not phone numbers: a number glued to a word, a dot or a dash is left alone.
/// </summary>
internal sealed class PhoneNumberRule : ScrubRule
{
    private const string Replacement = "[phone]";
    private const int MaxInternationalLength = 32;
    private static readonly SearchValues<char> Starts = SearchValues.Create("+(0123456789");

    public PhoneNumberRule()
        : base(nameof(ScrubRules.PhoneNumber))
    {
    }

    public override bool MayMatch(TextTraits traits) => traits.HasFlag(TextTraits.Digit) && (traits & (TextTraits.Plus | TextTraits.Dash | TextTraits.CloseParenthesis)) != 0;

    public override bool MayMatch(ReadOnlySpan<char> text) =>
        TextScan.HasDigitRun(text, 2) && (text.Contains('+') || text.Contains('-') || text.Contains(')'));

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        int position = 0;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny(Starts);
            if (hit < 0)
            {
                return;
            }

            int start = position + hit;
            found.CheckBudget();
            int end = StartsNumber(text, start)
                ? text[start] == '+' ? InternationalEnd(text, start) : NationalEnd(text, start)
                : -1;
            if (end > 0)
            {
                found.Add(text, start, end - start, Replacement);
                position = end;
            }
            else
            {
                position = start + 1;
                while (position < text.Length && char.IsAsciiDigit(text[position]) && char.IsAsciiDigit(text[position - 1]))
                {
                    position++;
                }
            }
        }
    }

    // Not inside a word, a number, a version or an id: "v+1", "x415-", "1.415-", "ORD-415-".
    private static bool StartsNumber(ReadOnlySpan<char> text, int start) =>
        start == 0 || !(TextScan.IsWordChar(text[start - 1]) || text[start - 1] is '.' or '-' or '+' or '/' or '#');

    /// <summary>The end of "+CC digits" with single blanks, dashes or dots between groups and an optional "(0)" or "(415)"; -1 when it is none.</summary>
    private static int InternationalEnd(ReadOnlySpan<char> text, int start)
    {
        int i = start + 1;
        if (!TextScan.IsDigitAt(text, i) || text[i] == '0')
        {
            return -1;
        }

        int digits = 0;
        int separators = 0;
        int end = -1;
        bool parenthesis = false;
        while (i < text.Length && i - start <= MaxInternationalLength)
        {
            char c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                i++;
                end = i;
            }
            else if (c is ' ' or '-' or '.' && end == i && (TextScan.IsDigitAt(text, i + 1) || (i + 1 < text.Length && text[i + 1] == '(')))
            {
                separators++;
                i++;
            }
            else if (c == '(' && !parenthesis && TryGroupInParentheses(text, i, out int close))
            {
                parenthesis = true;
                digits += close - i - 1;
                separators++;
                i = close + 1;
                end = i;
                if (i < text.Length && text[i] == ' ')
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        bool enoughDigits = separators == 0 ? digits is >= 10 and <= 15 : digits is >= 8 and <= 15;
        return end > 0 && enoughDigits && !TextScan.IsWordCharAt(text, end) && !TextScan.ContinuesNumber(text, end) ? end : -1;
    }

    // "(0)" or "(415)": one to four digits in parentheses.
    private static bool TryGroupInParentheses(ReadOnlySpan<char> text, int open, out int close)
    {
        close = open + 1;
        while (close < text.Length && close - open <= 5 && char.IsAsciiDigit(text[close]))
        {
            close++;
        }

        return close > open + 1 && close < text.Length && text[close] == ')';
    }

    /// <summary>The end of "NXX-NXX-XXXX" or "(NXX) NXX-XXXX" (N is 2-9), or -1.</summary>
    private static int NationalEnd(ReadOnlySpan<char> text, int start)
    {
        int i = start;
        if (text[i] == '(')
        {
            if (!IsDigits(text, i + 1, 3) || text[i + 1] < '2' || i + 4 >= text.Length || text[i + 4] != ')')
            {
                return -1;
            }

            i += 5;
            if (i < text.Length && text[i] == ' ')
            {
                i++;
            }
        }
        else
        {
            if (!IsDigits(text, i, 3) || text[i] < '2' || i + 3 >= text.Length || text[i + 3] != '-')
            {
                return -1;
            }

            i += 4;
        }

        if (!IsDigits(text, i, 3) || text[i] < '2' || i + 3 >= text.Length || text[i + 3] != '-' || !IsDigits(text, i + 4, 4))
        {
            return -1;
        }

        int end = i + 8;
        return TextScan.IsWordCharAt(text, end) || TextScan.ContinuesNumber(text, end) ? -1 : end;
    }

    private static bool IsDigits(ReadOnlySpan<char> text, int start, int count)
    {
        if (start < 0 || start + count > text.Length)
        {
            return false;
        }

        return !text.Slice(start, count).ContainsAnyExceptInRange('0', '9');
    }
}
