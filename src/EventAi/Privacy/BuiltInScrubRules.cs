using System.Buffers;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>
/// The built-in rules, modelled on Sentry Relay's default <c>@common</c> rule set and on what must not
/// reach a third-party model. Every rule is linear in the text's length: a regular expression run with
/// <see cref="RegexOptions.NonBacktracking"/>, or a small hand-written scanner where a rule needs to
/// look around its match. Each starts with a cheap test, so text without a candidate is passed by fast.
/// </summary>
internal static class BuiltInScrubRules
{
    private const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private static readonly SearchValues<string> KeyPrefixes = SearchValues.Create(
        ["AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "sk-", "AIza", "SG."],
        StringComparison.Ordinal);

    private static readonly SearchValues<string> AuthorizationSchemes = SearchValues.Create(["bearer", "basic"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> WebhookHosts = SearchValues.Create(
        ["hooks.slack.com", "discord.com/api/webhooks", "discordapp.com/api/webhooks", ".webhook.office.com", "outlook.office.com/webhook", "outlook.office365.com/webhook"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly string[] WebhookPaths = ["/services/", "/workflows/", "/triggers/", "/api/webhooks/", "/webhookb2/", "/webhook/"];

    // Countries whose account numbers are IBANs, including those with partial IBAN schemes.
    private static readonly System.Collections.Frozen.FrozenSet<string> IbanCountries = System.Collections.Frozen.FrozenSet.Create(
        StringComparer.Ordinal,
        "AD", "AE", "AL", "AO", "AT", "AZ", "BA", "BE", "BF", "BG", "BH", "BI", "BJ", "BR", "BY", "CF", "CG", "CH", "CI", "CM", "CR", "CV", "CY", "CZ",
        "DE", "DJ", "DK", "DO", "DZ", "EE", "EG", "ES", "FI", "FK", "FO", "FR", "GA", "GB", "GE", "GI", "GL", "GQ", "GR", "GT", "GW", "HN", "HR", "HU",
        "IE", "IL", "IQ", "IR", "IS", "IT", "JO", "KM", "KW", "KZ", "LB", "LC", "LI", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MG", "MK", "ML",
        "MN", "MR", "MT", "MU", "MZ", "NE", "NI", "NL", "NO", "OM", "PK", "PL", "PS", "PT", "QA", "RO", "RS", "RU", "SA", "SC", "SD", "SE", "SI", "SK",
        "SM", "SN", "SO", "ST", "SV", "TD", "TG", "TL", "TN", "TR", "UA", "VA", "VG", "XK", "YE");

    private static readonly ConcurrentDictionary<TimeSpan, ScrubRule[]> RulesByBudget = new();

    /// <summary>The rules selected by <paramref name="rules"/>, in the order they run, with the given time budget.</summary>
    public static IEnumerable<ScrubRule> For(ScrubRules rules, TimeSpan budget)
    {
        foreach (ScrubRule rule in RulesByBudget.GetOrAdd(budget, Create))
        {
            if (rules.HasFlag(Enum.Parse<ScrubRules>(rule.Name)))
            {
                yield return rule;
            }
        }
    }

    // Order matters: whole secrets first, so that a key inside a URL or an assignment is named once;
    // connection strings before URL parameters, so that a SAS signature is one secret, not two.
    private static ScrubRule[] Create(TimeSpan budget) =>
    [
        new PrivateKeyRule(),
        new RegexScrubRule(nameof(ScrubRules.Jwt), JsonWebToken(budget), static t => t.Contains("eyJ", StringComparison.Ordinal), static (_, _, _) => "[jwt]"),
        new RegexScrubRule(nameof(ScrubRules.KnownKeys), KnownKey(budget), static t => t.IndexOfAny(KeyPrefixes) >= 0, static (_, _, _) => "[secret]"),
        new RegexScrubRule(nameof(ScrubRules.BearerToken), AuthorizationValue(budget), static t => t.IndexOfAny(AuthorizationSchemes) >= 0, RedactAuthorization),
        new RegexScrubRule(nameof(ScrubRules.WebhookUrls), WebhookUrl(budget), static t => t.IndexOfAny(WebhookHosts) >= 0, RedactWebhook),
        new RegexScrubRule(nameof(ScrubRules.UrlCredentials), UrlCredential(budget), static t => t.Contains("://", StringComparison.Ordinal) && t.Contains('@'), RedactUrlCredential),
        new ConnectionStringRule(),
        new SecretUrlParameterRule(),
        new SessionCookieRule(),
        new SecretAssignmentRule(),
        new RegexScrubRule(nameof(ScrubRules.Email), EmailAddress(budget), static t => t.Contains('@') || t.Contains("%40", StringComparison.Ordinal), RedactEmail),
        new UserPathRule(),
        new CardNumberRule(),
        new RegexScrubRule(
            nameof(ScrubRules.Iban), InternationalBankAccount(budget), static t => t.ContainsAnyInRange('A', 'Z') && TextScan.HasDigitRun(t, 2), RedactIban),
        new RegexScrubRule(nameof(ScrubRules.UsSsn), SocialSecurityNumber(budget), static t => t.Contains('-') && TextScan.HasDigitRun(t, 3), RedactSsn),
        new PhoneNumberRule(),
        new IPv6Rule(),
        new IPv4Rule(),
    ];

    private static Regex JsonWebToken(TimeSpan budget) =>
        new(@"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*", Linear, budget);

    private static Regex KnownKey(TimeSpan budget) => new(
        @"\b(?:(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|xox[abprs]-[A-Za-z0-9-]{10,}" +
        @"|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35}|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})\b",
        Linear,
        budget);

    private static Regex AuthorizationValue(TimeSpan budget) =>
        new(@"\b(?:[Bb]earer|[Bb]asic|BEARER|BASIC)\s+[A-Za-z0-9\-._~+/]{8,}=*", Linear, budget);

    private static Regex WebhookUrl(TimeSpan budget) => new(
        @"https?://(?:hooks\.slack\.com/(?:services|workflows|triggers)/|(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/webhooks/" +
        @"|[A-Za-z0-9-]+\.webhook\.office\.com/webhookb2/|outlook\.office(?:365)?\.com/webhook/)[^\s""'<>]+",
        Linear | RegexOptions.IgnoreCase,
        budget);

    // "scheme://user:password@", "scheme://:password@" and "scheme://user@".
    private static Regex UrlCredential(TimeSpan budget) => new(
        @"\b[A-Za-z][A-Za-z0-9+.\-]*://(?:[^\s:@/""'<>\[\]]+(?::[^\s@/""'<>]*)?|:[^\s@/""'<>]+)@", Linear, budget);

    // Also URL-encoded: "jane%40example.com".
    private static Regex EmailAddress(TimeSpan budget) => new(
        @"[\p{L}\p{N}._%+\-]+(?:@|%40)[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,24}\b", Linear, budget);

    // Grouped by four with blanks, or in one piece as Relay's @iban finds it.
    private static Regex InternationalBankAccount(TimeSpan budget) =>
        new(@"\b[A-Z]{2}\d{2}(?:(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?|[A-Za-z0-9]{11,29})\b", Linear, budget);

    private static Regex SocialSecurityNumber(TimeSpan budget) => new(@"\b\d{3}-\d{2}-\d{4}\b", Linear, budget);

    // "Bearer undefined" is the clue to a missing token, not a token.
    private static string? RedactAuthorization(ReadOnlySpan<char> text, int index, int length)
    {
        ReadOnlySpan<char> match = text.Slice(index, length);
        int blank = match.IndexOfAny(" \t\r\n");
        return SecretValues.IsPlaceholder(match[blank..].TrimStart()) ? null : string.Concat(match[..blank], " [secret]");
    }

    // Keeps the service and the kind of hook ("https://hooks.slack.com/services/"), not the path that is the secret.
    private static string? RedactWebhook(ReadOnlySpan<char> text, int index, int length)
    {
        ReadOnlySpan<char> match = text.Slice(index, length);
        int schemeEnd = match.IndexOf("://", StringComparison.Ordinal) + 3;
        foreach (string path in WebhookPaths)
        {
            int at = match[schemeEnd..].IndexOf(path, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                int keep = schemeEnd + at + path.Length;
                return string.Concat(match[..keep], "[secret]");
            }
        }

        return null;
    }

    // A password makes the user information a secret; a user alone is a person, except the "git" of clone URLs.
    private static string? RedactUrlCredential(ReadOnlySpan<char> text, int index, int length)
    {
        ReadOnlySpan<char> match = text.Slice(index, length);
        int schemeEnd = match.IndexOf("://", StringComparison.Ordinal) + 3;
        ReadOnlySpan<char> userInformation = match[schemeEnd..^1];
        if (userInformation.Contains(':'))
        {
            return string.Concat(match[..schemeEnd], "[secret]@");
        }

        return userInformation.Equals("git", StringComparison.OrdinalIgnoreCase) ? null : string.Concat(match[..schemeEnd], "[user]@");
    }

    // "git@github.com:org/repo.git" is an SSH target, not an address: the git user stays, another user
    // becomes [user], the host and path stay. "icon@2x.png" is an image name.
    private static string? RedactEmail(ReadOnlySpan<char> text, int index, int length)
    {
        ReadOnlySpan<char> match = text.Slice(index, length);
        int at = match.IndexOf('@');
        int separator = at >= 0 ? at : match.LastIndexOf("%40", StringComparison.Ordinal);
        ReadOnlySpan<char> domain = match[(separator + (at >= 0 ? 1 : 3))..];
        int digits = domain.IndexOfAnyExceptInRange('0', '9');
        if (digits > 0 && domain[digits..].StartsWith("x.", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // "ssh://git@github.com/...": user information in a URL, which the URL rule has decided on.
        if (index >= 2 && text[(index - 2)..index].SequenceEqual("//"))
        {
            return null;
        }

        int end = index + length;
        bool sshTarget = at >= 0 && end + 1 < text.Length && text[end] == ':' && (TextScan.IsNameChar(text[end + 1]) || text[end + 1] is '/' or '~');
        if (!sshTarget)
        {
            return "[email]";
        }

        return match[..at].Equals("git", StringComparison.OrdinalIgnoreCase) ? null : string.Concat("[user]", match[at..]);
    }

    // Valid check digits, or (as Relay's @iban) one piece of 15-33 characters after a country that uses IBANs.
    private static string? RedactIban(ReadOnlySpan<char> text, int index, int length)
    {
        ReadOnlySpan<char> iban = text.Slice(index, length);
        bool onePiece = !iban.Contains(' ') && length is >= 15 and <= 33 && IbanCountries.GetAlternateLookup<ReadOnlySpan<char>>().Contains(iban[..2]);
        return onePiece || PassesMod97(iban) ? "[iban]" : null;
    }

    // Area 001-899 but not 666, group 01-99, serial 0001-9999; not part of a longer dashed or dotted number.
    private static string? RedactSsn(ReadOnlySpan<char> text, int index, int length)
    {
        ReadOnlySpan<char> ssn = text.Slice(index, length);
        int area = int.Parse(ssn[..3], System.Globalization.CultureInfo.InvariantCulture);
        bool valid = area is > 0 and < 900 and not 666 && !ssn[4..6].SequenceEqual("00") && !ssn[7..].SequenceEqual("0000");
        bool standsAlone = (index == 0 || text[index - 1] is not '-' and not '.' and not '/' and not '+') && !TextScan.ContinuesNumber(text, index + length);
        return valid && standsAlone ? "[ssn]" : null;
    }

    private static bool PassesMod97(ReadOnlySpan<char> iban)
    {
        Span<char> compact = stackalloc char[40];
        int length = 0;
        foreach (char c in iban)
        {
            if (c != ' ')
            {
                if (length == compact.Length)
                {
                    return false;
                }

                compact[length++] = c;
            }
        }

        if (length is < 15 or > 34)
        {
            return false;
        }

        // Move the country code and check digits to the end, letters become 10..35, then mod 97 must be 1.
        int remainder = 0;
        for (int i = 0; i < length; i++)
        {
            char c = compact[(i + 4) % length];
            int value = char.IsAsciiDigit(c) ? c - '0' : char.ToUpperInvariant(c) - 'A' + 10;
            remainder = value < 10 ? ((remainder * 10) + value) % 97 : ((remainder * 100) + value) % 97;
        }

        return remainder == 1;
    }
}
