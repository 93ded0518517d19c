using System.Buffers;

namespace EventAi;

/// <summary>
/// URL query and fragment parameters whose name says secret: <c>?token=</c>, <c>&amp;access_token=</c>,
/// <c>#access_token=</c>, <c>?api_key=</c>, <c>?key=</c>, <c>&amp;sig=</c>, <c>X-Amz-Signature=</c>. The
/// name stays; the value becomes <c>[secret]</c>.
/// </summary>
internal sealed class SecretUrlParameterRule : ScrubRule
{
    private static readonly SearchValues<char> Separators = SearchValues.Create("?&#");

    public SecretUrlParameterRule()
        : base(nameof(ScrubRules.SecretUrlParameters))
    {
    }

    public override bool MayMatch(TextTraits traits) => (traits & (TextTraits.Equals | TextTraits.Query)) == (TextTraits.Equals | TextTraits.Query);

    public override bool MayMatch(ReadOnlySpan<char> text) => text.ContainsAny(Separators) && text.Contains('=');

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        int position = 0;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny(Separators);
            if (hit < 0)
            {
                return;
            }

            int separator = position + hit;
            int nameStart = separator + 1;
            if (text[separator] == '&' && text[nameStart..].StartsWith("amp;", StringComparison.OrdinalIgnoreCase))
            {
                nameStart += "amp;".Length;
            }

            int nameEnd = nameStart;
            while (nameEnd < text.Length && (TextScan.IsNameChar(text[nameEnd]) || text[nameEnd] is '[' or ']'))
            {
                nameEnd++;
            }

            position = Math.Max(separator + 1, nameEnd);
            found.CheckBudget();
            if (nameEnd == nameStart || nameEnd >= text.Length || text[nameEnd] != '=' || !SecretNames.IsSecretName(text[nameStart..nameEnd], urlParameter: true))
            {
                continue;
            }

            int valueStart = nameEnd + 1;
            int valueEnd = valueStart;
            while (valueEnd < text.Length && !EndsValue(text[valueEnd]))
            {
                valueEnd++;
            }

            if (!SecretValues.IsPlaceholder(text[valueStart..valueEnd]))
            {
                found.Add(text, valueStart, valueEnd - valueStart, "[secret]");
            }

            position = valueEnd;
        }
    }

    private static bool EndsValue(char c) =>
        char.IsWhiteSpace(c) || c is '&' or '#' or '<' or '>' or ')' or ']' or '}' or '|' or ',' or ';' || TextScan.IsQuote(c);
}
