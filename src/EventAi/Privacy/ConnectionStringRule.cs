using System.Buffers;

namespace EventAi;

/// <summary>
/// Secrets in connection strings: <c>Password=...;</c>, <c>Pwd=...;</c>, <c>AccountKey=...;</c>,
/// <c>SharedAccessKey=...;</c>, <c>SharedAccessSignature=...</c>, quoted values included. The value
/// runs to the next <c>;</c> (values may hold blanks), or to a comma before the next <c>key=</c> as
/// Redis configuration strings write it. <c>Password</c> and <c>Pwd</c> count only in a list of
/// pairs (after or before <c>;key=</c>); a lone <c>password=...</c> is an assignment. The key stays;
/// the value becomes <c>[secret]</c>.
/// </summary>
internal sealed class ConnectionStringRule : ScrubRule
{
    private static readonly SearchValues<string> Keys = SearchValues.Create(
        ["password", "pwd", "accountkey", "sharedaccess"], StringComparison.OrdinalIgnoreCase);

    public ConnectionStringRule()
        : base(nameof(ScrubRules.ConnectionStrings))
    {
    }

    public override bool MayMatch(TextTraits traits) => traits.HasFlag(TextTraits.Equals);

    public override bool MayMatch(ReadOnlySpan<char> text) => text.Contains('=') && text.IndexOfAny(Keys) >= 0;

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        int position = 0;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOf('=');
            if (hit < 0)
            {
                return;
            }

            int equals = position + hit;
            found.CheckBudget();
            int end = equals;
            while (end > position && TextScan.IsBlank(text[end - 1]))
            {
                end--;
            }

            int start = end;
            while (start > position && char.IsAsciiLetter(text[start - 1]))
            {
                start--;
            }

            position = equals + 1;
            ReadOnlySpan<char> key = text[start..end];
            bool distinctive = key.Equals("AccountKey", StringComparison.OrdinalIgnoreCase)
                || key.Equals("SharedAccessKey", StringComparison.OrdinalIgnoreCase)
                || key.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase);
            if ((!distinctive && !key.Equals("Password", StringComparison.OrdinalIgnoreCase) && !key.Equals("Pwd", StringComparison.OrdinalIgnoreCase))
                || (equals + 1 < text.Length && text[equals + 1] == '='))
            {
                continue;
            }

            bool afterSemicolon = (start > 0 && text[start - 1] == ';') || (start > 1 && text[start - 1] == ' ' && text[start - 2] == ';');
            if (start > 0 && !afterSemicolon && !StartsKey(text[start - 1]))
            {
                continue;
            }

            position = Math.Max(position, RedactValue(text, TextScan.SkipBlanks(text, equals + 1), distinctive || afterSemicolon, ref found));
        }
    }

    private static int RedactValue(ReadOnlySpan<char> text, int valueStart, bool inConnectionString, ref Redactions found)
    {
        if (valueStart < text.Length && text[valueStart] is '"' or '\'')
        {
            // A quoted value; a doubled quote stands for one inside it.
            char quote = text[valueStart];
            for (int i = valueStart + 1; i < text.Length && !TextScan.IsLineBreak(text[i]); i++)
            {
                if (text[i] != quote)
                {
                    continue;
                }

                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    i++;
                    continue;
                }

                if (i > valueStart + 1 && (inConnectionString || StartsNextPair(text, i + 1)))
                {
                    found.Add(text, valueStart + 1, i - valueStart - 1, "[secret]");
                }

                return i + 1;
            }

            return valueStart + 1;
        }

        int end = valueStart;
        while (end < text.Length && text[end] is not ';' and not '"' and not '\'' and not '`' && !TextScan.IsLineBreak(text[end]))
        {
            if (text[end] == ',' && StartsNextKey(text, end + 1))
            {
                break;
            }

            end++;
        }

        bool pairFollows = StartsNextPair(text, end);
        while (end > valueStart && TextScan.IsBlank(text[end - 1]))
        {
            end--;
        }

        ReadOnlySpan<char> value = text[valueStart..end];
        if ((inConnectionString || pairFollows) && !SecretValues.IsPlaceholder(value))
        {
            found.Add(text, valueStart, value.Length, "[secret]");
        }

        return end;
    }

    // ";Server=..." after the value: the key is one of a list, not a statement such as "password = hashed;".
    private static bool StartsNextPair(ReadOnlySpan<char> text, int index) =>
        index < text.Length && text[index] == ';' && StartsNextKey(text, index + 1);

    // ",ssl=true" or ", abortConnect=false": a comma that starts the next key rather than belonging to the value.
    private static bool StartsNextKey(ReadOnlySpan<char> text, int index)
    {
        index = TextScan.SkipBlanks(text, index);
        int start = index;
        while (index < text.Length && (TextScan.IsWordChar(text[index]) || text[index] == ' '))
        {
            index++;
        }

        return index > start && index < text.Length && text[index] == '=';
    }

    private static bool StartsKey(char before) =>
        char.IsWhiteSpace(before) || before is ',' or '{' or '(' or '[' || TextScan.IsQuote(before);
}
