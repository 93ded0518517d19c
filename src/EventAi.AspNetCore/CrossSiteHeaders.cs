namespace EventAi.AspNetCore;

/// <summary>
/// Which request headers a cross-site page can make a browser send without a CORS preflight (the Fetch
/// standard's CORS-safelisted headers) or that the browser sends by itself; requiring one of them
/// protects nothing.
/// </summary>
internal static class CrossSiteHeaders
{
    private static readonly HashSet<string> SentAnyway = new(StringComparer.OrdinalIgnoreCase)
    {
        // CORS-safelisted: a page may set them on a simple request.
        "Accept", "Accept-Language", "Content-Language", "Content-Type", "Range",

        // Set by the browser itself (forbidden for pages, but present on cross-site requests).
        "Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers", "Access-Control-Request-Method",
        "Connection", "Content-Length", "Cookie", "Cookie2", "Date", "DNT", "Expect", "Host", "Keep-Alive",
        "Origin", "Referer", "Set-Cookie", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent", "Via",
        "Priority", "Cache-Control", "Pragma", "Upgrade-Insecure-Requests",
    };

    /// <summary>Why the header cannot serve as a cross-site guard; <c>null</c> when it can.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0 || !name.All(IsTokenChar))
        {
            return "is not a valid header name.";
        }

        if (SentAnyway.Contains(name) || name.StartsWith("Sec-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase))
        {
            return "is sent on cross-site requests too; name a custom header such as X-Requested-With.";
        }

        return null;
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
