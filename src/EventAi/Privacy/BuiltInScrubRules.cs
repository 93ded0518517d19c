using System.Buffers;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>
/// The built-in rules, modelled on Sentry Relay's default <c>@common</c> rule set and on what must not
/// reach a third-party model. Every rule is linear in the text's length: a regular expression run with
/// <see cref="RegexOptions.NonBacktracking"/> for the rare, fixed-shape ones, or a small hand-written
/// scanner where a rule needs to look around its match or meets many candidates (the non-backtracking
/// engine is slow on negated classes and costs microseconds per match). Each starts with a cheap
/// test, so text without a candidate is passed by fast.
/// </summary>
internal static class BuiltInScrubRules
{
    private const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private static readonly SearchValues<string> KeyPrefixes = SearchValues.Create(
        ["AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "sk-", "AIza", "SG."],
        StringComparison.Ordinal);

    private static readonly SearchValues<string> AuthorizationSchemes = SearchValues.Create(["bearer", "basic"], StringComparison.OrdinalIgnoreCase);

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
        new RegexScrubRule(nameof(ScrubRules.Jwt), () => JsonWebToken(budget), static t => t.Contains("eyJ", StringComparison.Ordinal), static (_, _, _) => "[jwt]", TextTraits.Upper | TextTraits.Dot),
        new RegexScrubRule(nameof(ScrubRules.KnownKeys), () => KnownKey(budget), static t => t.IndexOfAny(KeyPrefixes) >= 0, static (_, _, _) => "[secret]"),
        new RegexScrubRule(nameof(ScrubRules.BearerToken), () => AuthorizationValue(budget), static t => t.IndexOfAny(AuthorizationSchemes) >= 0, RedactAuthorization),
        new WebhookUrlRule(),
        new UrlCredentialRule(),
        new ConnectionStringRule(),
        new SecretUrlParameterRule(),
        new SessionCookieRule(),
        new SecretAssignmentRule(),
        new EmailRule(),
        new UserPathRule(),
        new CardNumberRule(),
        new RegexScrubRule(
            nameof(ScrubRules.Iban), () => InternationalBankAccount(budget), static t => TextScan.HasDigitRun(t, 2) && TextScan.HasIbanStart(t), RedactIban, TextTraits.Upper | TextTraits.Digit),
        new RegexScrubRule(nameof(ScrubRules.UsSsn), () => SocialSecurityNumber(budget), static t => TextScan.HasDigitRun(t, 3) && TextScan.HasSsnShape(t), RedactSsn, TextTraits.Dash | TextTraits.Digit),
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
