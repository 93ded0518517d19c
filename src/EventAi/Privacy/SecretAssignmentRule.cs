namespace EventAi;

/// <summary>
/// Values assigned to secret-named variables and keys: quoted in any language
/// (<c>password = "..."</c>, <c>"api_key": "..."</c>, <c>$token => '...'</c>) and unquoted in
/// environment, INI, YAML and log lines (<c>DB_PASSWORD=...</c>, <c>aws_secret_access_key = ...</c>,
/// <c>password: ...</c>, <c>user=bob password=...</c>). The name and operator stay; the value becomes
/// <c>[secret]</c>. One pass from operator to operator; a failed search for a closing quote is
/// remembered, so no character is read more than a fixed number of times.
/// </summary>
internal sealed class SecretAssignmentRule : ScrubRule
{
    private const string Replacement = "[secret]";

    public SecretAssignmentRule()
        : base(nameof(ScrubRules.SecretAssignments))
    {
    }

    private enum Operator
    {
        Equals,
        Colon,
        Arrow,
    }

    public override bool MayMatch(TextTraits traits) => (traits & (TextTraits.Equals | TextTraits.Colon)) != 0;

    public override bool MayMatch(ReadOnlySpan<char> text) =>
        text.IndexOfAny('=', ':') >= 0 && text.IndexOfAny(SecretNames.TriggerWords) >= 0;

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        // Operator by operator: "=" and ":" are rarer than the letters of names, and a name ends just before one.
        var quotes = new QuoteSearch(text);
        int position = 0;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny('=', ':');
            if (hit < 0)
            {
                return;
            }

            int op = position + hit;
            found.CheckBudget();
            int nameEnd = NameEnd(text, op, position);
            int nameStart = nameEnd;
            while (nameStart > position && TextScan.IsNameChar(text[nameStart - 1]))
            {
                nameStart--;
            }

            int next = nameStart < nameEnd && SecretNames.IsSecretName(text[nameStart..nameEnd])
                ? RedactValue(text, nameStart, op, ref quotes, ref found)
                : -1;
            position = Math.Max(op + 1, next);
        }
    }

    // Back from the operator over blanks, a "]" and a closing quote (also escaped, as in \"password\":).
    private static int NameEnd(ReadOnlySpan<char> text, int op, int from)
    {
        int end = op;
        while (end > from && TextScan.IsBlank(text[end - 1]))
        {
            end--;
        }

        if (end > from && text[end - 1] == ']')
        {
            end--;
        }

        if (end > from && TextScan.IsQuote(text[end - 1]))
        {
            end--;
            if (end > from && text[end - 1] == '\\')
            {
                end--;
            }
        }

        return end;
    }

    /// <summary>Redacts the value after the operator at <paramref name="op"/>, if any; returns where to go on, or -1.</summary>
    private static int RedactValue(ReadOnlySpan<char> text, int nameStart, int op, ref QuoteSearch quotes, ref Redactions found)
    {
        int j = op;
        bool blankBefore = TextScan.IsBlank(text[op - 1]);
        if (!TryReadOperator(text, ref j, out Operator operation))
        {
            return -1;
        }

        int afterOperator = j;
        j = TextScan.SkipBlanks(text, j);
        bool blankAfter = j > afterOperator;
        if (j >= text.Length)
        {
            return -1;
        }

        bool escaped = text[j] == '\\' && j + 1 < text.Length && TextScan.IsQuote(text[j + 1]);
        if (escaped || TextScan.IsQuote(text[j]))
        {
            int contentStart = j + (escaped ? 2 : 1);
            int close = quotes.FindClosing(contentStart, text[contentStart - 1], escaped);
            if (close <= contentStart)
            {
                return -1;
            }

            if (!SecretValues.HoldsRedaction(text[contentStart..close]))
            {
                found.Add(text, contentStart, close - contentStart, Replacement);
            }

            return close + 1;
        }

        return RedactUnquoted(text, nameStart, j, operation, blankBefore && blankAfter, ref found);
    }

    private static bool TryReadOperator(ReadOnlySpan<char> text, ref int j, out Operator op)
    {
        op = Operator.Equals;
        if (j >= text.Length)
        {
            return false;
        }

        char next = j + 1 < text.Length ? text[j + 1] : '\0';
        switch (text[j])
        {
            case '=' when next == '=':
                return false;
            case '=' when next == '>':
                op = Operator.Arrow;
                j += 2;
                return true;
            case '=':
                j++;
                return true;
            case ':' when next == ':':
                return false;
            case ':' when next == '=':
                j += 2;
                return true;
            case ':':
                op = Operator.Colon;
                j++;
                return true;
            default:
                return false;
        }
    }

    private static int RedactUnquoted(ReadOnlySpan<char> text, int nameStart, int valueStart, Operator op, bool spaced, ref Redactions found)
    {
        bool firstOnLine = IsFirstOnLine(text, nameStart);
        int valueEnd = valueStart;
        bool codeFollows;
        if (firstOnLine && op != Operator.Arrow)
        {
            // A configuration line: the value is the rest of the line, less a trailing comment.
            while (valueEnd < text.Length && !TextScan.IsLineBreak(text[valueEnd]))
            {
                valueEnd++;
            }

            int comment = text[valueStart..valueEnd].IndexOf(" #", StringComparison.Ordinal);
            if (comment >= 0)
            {
                valueEnd = valueStart + comment;
            }

            // More pairs after the first word ("password=x user=bob") make it a log line: the value is one word.
            int blank = text[valueStart..valueEnd].IndexOfAny(' ', '\t');
            if (blank >= 0 && text[(valueStart + blank)..valueEnd].IndexOfAny('=', ':') >= 0)
            {
                valueEnd = valueStart + blank;
            }

            while (valueEnd > valueStart && (TextScan.IsBlank(text[valueEnd - 1]) || text[valueEnd - 1] is ';' or ','))
            {
                valueEnd--;
            }

            codeFollows = valueEnd < text.Length && text[valueEnd] is ';' or ',';
        }
        else
        {
            while (valueEnd < text.Length && !EndsUnquotedValue(text[valueEnd]))
            {
                valueEnd++;
            }

            int after = TextScan.SkipBlanks(text, valueEnd);
            codeFollows = after < text.Length && text[after] is ',' or ')' or '}' or ';';
        }

        ReadOnlySpan<char> value = text[valueStart..valueEnd];
        if (value.IsEmpty || SecretValues.LooksLikeCode(value) || IsNotASecret(value, op, firstOnLine, spaced, codeFollows))
        {
            return valueEnd;
        }

        found.Add(text, valueStart, value.Length, Replacement);
        return valueEnd;
    }

    // Words only are a variable (password = hashed, f(token=tok)) or prose (token: expired), unless a
    // configuration line says so (password: letmein); short numbers are counts (password: 8 characters).
    private static bool IsNotASecret(ReadOnlySpan<char> value, Operator op, bool firstOnLine, bool spaced, bool codeFollows)
    {
        if (SecretValues.IsLettersOnly(value))
        {
            bool words = value.ContainsAny(' ', '\t');
            return op switch
            {
                Operator.Colon => words || !firstOnLine || codeFollows,
                Operator.Arrow => true,
                _ => words || spaced || codeFollows,
            };
        }

        return value.Length <= 3 && !value.ContainsAnyExceptInRange('0', '9');
    }

    private static bool EndsUnquotedValue(char c) =>
        char.IsWhiteSpace(c) || c is ',' or ';' or '&' or '|' or ')' or ']' or '}' or '>' or '<' || TextScan.IsQuote(c);

    // Only blanks, a YAML list dash or "export" between the start of the line and the name.
    private static bool IsFirstOnLine(ReadOnlySpan<char> text, int nameStart)
    {
        int k = nameStart;
        while (k > 0 && TextScan.IsBlank(text[k - 1]))
        {
            k--;
        }

        if (k > 0 && text[k - 1] == '-')
        {
            k--;
        }
        else if (text[..k].EndsWith("export", StringComparison.Ordinal))
        {
            k -= "export".Length;
        }

        while (k > 0 && TextScan.IsBlank(text[k - 1]))
        {
            k--;
        }

        return k == 0 || TextScan.IsLineBreak(text[k - 1]);
    }

    /// <summary>
    /// Finds closing quotes on the same line. A search that fails is remembered per kind of quote, so
    /// a later search from inside the same stretch fails at once instead of reading it again.
    /// </summary>
    private ref struct QuoteSearch
    {
        private readonly ReadOnlySpan<char> _text;
        private Span6 _failedFrom;
        private Span6 _failedTo;

        public QuoteSearch(ReadOnlySpan<char> text)
        {
            _text = text;
            _failedFrom = default;
            _failedTo = default;
        }

        /// <summary>The index of the closing quote (of its backslash when escaped), or -1.</summary>
        public int FindClosing(int from, char quote, bool escaped)
        {
            int kind = (quote switch { '"' => 0, '\'' => 1, _ => 2 }) + (escaped ? 3 : 0);
            if (from >= _failedFrom[kind] && from < _failedTo[kind])
            {
                return -1;
            }

            for (int i = from; i < _text.Length; i++)
            {
                char c = _text[i];
                if (TextScan.IsLineBreak(c))
                {
                    Remember(kind, from, i);
                    return -1;
                }

                if (c == '\\')
                {
                    if (escaped && i + 1 < _text.Length && _text[i + 1] == quote)
                    {
                        return i;
                    }

                    i++;
                }
                else if (c == quote && !escaped)
                {
                    return i;
                }
            }

            Remember(kind, from, _text.Length);
            return -1;
        }

        private void Remember(int kind, int from, int to)
        {
            _failedFrom[kind] = from;
            _failedTo[kind] = to;
        }
    }

    [System.Runtime.CompilerServices.InlineArray(6)]
    private struct Span6
    {
        private int _element;
    }
}
