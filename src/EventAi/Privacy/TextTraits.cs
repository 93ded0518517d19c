namespace EventAi;

/// <summary>
/// Which telling characters a text holds, found in one pass: most rules need one of them (an
/// <c>@</c>, a digit, an <c>=</c>), so a rule whose characters are missing is skipped without
/// searching the text again.
/// </summary>
[Flags]
internal enum TextTraits
{
    None = 0,
    Digit = 1 << 0,
    Upper = 1 << 1,
    At = 1 << 2,
    Colon = 1 << 3,
    Equals = 1 << 4,
    Slash = 1 << 5,
    Backslash = 1 << 6,
    Dash = 1 << 7,
    Dot = 1 << 8,
    Plus = 1 << 9,
    Percent = 1 << 10,
    Query = 1 << 11,
    CloseParenthesis = 1 << 12,
    Underscore = 1 << 13,
}

/// <summary>Computes <see cref="TextTraits"/>.</summary>
internal static class TextTraitsOf
{
    private static readonly TextTraits[] Ascii = CreateTable();

    public static TextTraits Text(ReadOnlySpan<char> text)
    {
        TextTraits traits = TextTraits.None;
        TextTraits[] table = Ascii;
        foreach (char c in text)
        {
            if (c < 128)
            {
                traits |= table[c];
            }
        }

        return traits;
    }

    private static TextTraits[] CreateTable()
    {
        var table = new TextTraits[128];
        for (char c = '0'; c <= '9'; c++)
        {
            table[c] = TextTraits.Digit;
        }

        for (char c = 'A'; c <= 'Z'; c++)
        {
            table[c] = TextTraits.Upper;
        }

        table['@'] = TextTraits.At;
        table[':'] = TextTraits.Colon;
        table['='] = TextTraits.Equals;
        table['/'] = TextTraits.Slash;
        table['\\'] = TextTraits.Backslash;
        table['-'] = TextTraits.Dash;
        table['.'] = TextTraits.Dot;
        table['+'] = TextTraits.Plus;
        table['%'] = TextTraits.Percent;
        table['?'] = TextTraits.Query;
        table['&'] = TextTraits.Query;
        table['#'] = TextTraits.Query;
        table[')'] = TextTraits.CloseParenthesis;
        table['_'] = TextTraits.Underscore;
        return table;
    }
}
