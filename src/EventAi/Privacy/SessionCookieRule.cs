using System.Buffers;

namespace EventAi;

/// <summary>
/// Session and CSRF cookies: <c>sessionid=</c>, <c>session=</c>, <c>JSESSIONID=</c>, <c>PHPSESSID=</c>,
/// <c>csrftoken=</c>, <c>connect.sid=</c>, <c>.AspNetCore.*=</c>, <c>__Host-*=</c> and the like, as a
/// <c>Cookie</c> or <c>Set-Cookie</c> header or a log line writes them. The name stays; the value
/// becomes <c>[secret]</c>.
/// </summary>
internal sealed class SessionCookieRule : ScrubRule
{
    private static readonly SearchValues<string> Triggers = SearchValues.Create(
        ["session", "sessid", "csrf", "xsrf", ".aspnetcore.", "__host-", "__secure-", "connect.sid"], StringComparison.OrdinalIgnoreCase);

    private static readonly string[] Names =
        ["session", "sessionid", "session_id", "sessid", "jsessionid", "phpsessid", "asp.net_sessionid", "csrftoken", "csrf_token", "csrf-token",
         "csrf", "_csrf", "xsrf-token", "xsrf_token", "_xsrf", "connect.sid", "rack.session"];

    private static readonly string[] NameEndings = ["_session", "-session", "sessionid", "session_id"];

    private static readonly string[] NameStarts = [".aspnetcore.", "__host-", "__secure-", "aspsessionid"];

    public SessionCookieRule()
        : base(nameof(ScrubRules.SessionCookies))
    {
    }

    public override bool MayMatch(TextTraits traits) => traits.HasFlag(TextTraits.Equals);

    public override bool MayMatch(ReadOnlySpan<char> text) => text.Contains('=') && text.IndexOfAny(Triggers) >= 0;

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
            int start = equals;
            while (start > position && TextScan.IsNameChar(text[start - 1]))
            {
                start--;
            }

            position = equals + 1;
            if (start == equals || (start > 0 && !StartsCookie(text[start - 1])) || !IsSessionCookie(text[start..equals]))
            {
                continue;
            }

            int valueEnd = equals + 1;
            while (valueEnd < text.Length && !EndsValue(text[valueEnd]))
            {
                valueEnd++;
            }

            // A short word is a variable ("session=session"); session ids are long or hold digits.
            ReadOnlySpan<char> value = text[(equals + 1)..valueEnd];
            if (!SecretValues.LooksLikeCode(value) && !(SecretValues.IsLettersOnly(value) && value.Length < 16))
            {
                found.Add(text, equals + 1, value.Length, "[secret]");
            }

            position = valueEnd;
        }
    }

    private static bool IsSessionCookie(ReadOnlySpan<char> name)
    {
        foreach (string candidate in Names)
        {
            if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (string ending in NameEndings)
        {
            if (name.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (string prefix in NameStarts)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsCookie(char before) =>
        char.IsWhiteSpace(before) || before is ';' or ',' or ':' or '{' or '(' or '[' or '&' or '?' || TextScan.IsQuote(before);

    private static bool EndsValue(char c) =>
        char.IsWhiteSpace(c) || c is ';' or ',' or '&' or ')' or ']' or '}' or '>' or '|' || TextScan.IsQuote(c);
}
