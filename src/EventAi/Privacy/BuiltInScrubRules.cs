using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>
/// The built-in rules, modelled on the kinds of data Sentry Relay's default scrubbing looks for. Each
/// pattern starts with a cheap literal or character class, so text without a candidate is passed by fast.
/// </summary>
internal static partial class BuiltInScrubRules
{
    private static readonly System.Buffers.SearchValues<string> SecretWords = System.Buffers.SearchValues.Create(
        ["password", "passwd", "pwd", "secret", "apikey", "api_key", "api-key", "accesskey", "access_key", "access-key", "token", "privatekey", "private_key", "private-key", "credential"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly System.Buffers.SearchValues<string> KeyPrefixes = System.Buffers.SearchValues.Create(
        ["AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "sk-", "AIza", "SG."],
        StringComparison.Ordinal);

    private static readonly System.Buffers.SearchValues<string> AuthorizationSchemes = System.Buffers.SearchValues.Create(
        ["bearer", "basic"], StringComparison.OrdinalIgnoreCase);

    public static IEnumerable<ScrubRule> For(ScrubRules rules)
    {
        // Order matters: whole secrets first, so that a key inside a URL or an assignment is named once.
        if (rules.HasFlag(ScrubRules.PrivateKey))
        {
            yield return new ScrubRule(PrivateKeyBlock(), _ => "[privatekey]", static t => t.Contains("-----BEGIN", StringComparison.Ordinal));
        }

        if (rules.HasFlag(ScrubRules.Jwt))
        {
            yield return new ScrubRule(JsonWebToken(), _ => "[jwt]", static t => t.Contains("eyJ", StringComparison.Ordinal));
        }

        if (rules.HasFlag(ScrubRules.KnownKeys))
        {
            yield return new ScrubRule(KnownKey(), _ => "[secret]", static t => t.IndexOfAny(KeyPrefixes) >= 0);
        }

        if (rules.HasFlag(ScrubRules.BearerToken))
        {
            yield return new ScrubRule(AuthorizationValue(), m => m.Groups["scheme"].Value + " [secret]", static t => t.IndexOfAny(AuthorizationSchemes) >= 0);
        }

        if (rules.HasFlag(ScrubRules.UrlCredentials))
        {
            yield return new ScrubRule(UrlCredential(), m => m.Groups["scheme"].Value + "[secret]@", static t => t.Contains("://", StringComparison.Ordinal) && t.Contains('@'));
        }

        if (rules.HasFlag(ScrubRules.SecretAssignments))
        {
            yield return new ScrubRule(QuotedSecretAssignment(), m => m.Groups["name"].Value + m.Groups["op"].Value + m.Groups["quote"].Value + "[secret]" + m.Groups["quote"].Value, static t => t.IndexOfAny(SecretWords) >= 0 && t.IndexOfAny('"', '\'') >= 0);
            yield return new ScrubRule(EnvironmentSecretAssignment(), m => m.Groups["name"].Value + "=[secret]", static t => t.Contains('=') && t.IndexOfAny(SecretWords) >= 0);
        }

        if (rules.HasFlag(ScrubRules.Email))
        {
            yield return new ScrubRule(EmailAddress(), _ => "[email]", static t => t.Contains('@'));
        }

        if (rules.HasFlag(ScrubRules.CreditCard))
        {
            yield return new ScrubRule(CardNumber(), m => PassesLuhn(m.ValueSpan) ? "[creditcard]" : m.Value, static t => HasDigitRun(t, 4));
        }

        if (rules.HasFlag(ScrubRules.Iban))
        {
            yield return new ScrubRule(InternationalBankAccount(), m => PassesMod97(m.ValueSpan) ? "[iban]" : m.Value, static t => t.ContainsAnyInRange('A', 'Z') && HasDigitRun(t, 4));
        }

        if (rules.HasFlag(ScrubRules.IpAddress))
        {
            yield return new ScrubRule(IPv4(), _ => "[ip]", static t => HasDigitDotDigit(t));
            yield return new ScrubRule(IPv6(), m => LooksLikeIPv6(m.ValueSpan) ? "[ip]" : m.Value, static t => HasColonNextToDigit(t) && (t.Contains("::", StringComparison.Ordinal) || t.Count(':') >= 7));
        }
    }

    [GeneratedRegex(@"-----BEGIN[A-Z ]*PRIVATE KEY-----(?:[\s\S]*?-----END[A-Z ]*PRIVATE KEY-----|[\s\S]*)", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(
        @"\b(?:(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|xox[abprs]-[A-Za-z0-9-]{10,}" +
        @"|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35}|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex KnownKey();

    [GeneratedRegex(@"\b(?<scheme>[Bb]earer|[Bb]asic|BEARER|BASIC)\s+[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationValue();

    [GeneratedRegex(@"\b(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^\s:@/""']*:[^\s@/""']+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredential();

    [GeneratedRegex(
        @"(?<name>\b[\w.-]*(?:password|passwd|pwd|secret|api[_-]?key|apikey|access[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token|private[_-]?key|client[_-]?secret|credentials?|token)[\w-]*(?:['""]\]?)?)" +
        @"(?<op>\s*(?:(?<![=!<>])=(?!=)|:|=>)\s*)(?<quote>['""])(?!\k<quote>)(?:(?!\k<quote>).){1,500}\k<quote>",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex QuotedSecretAssignment();

    [GeneratedRegex(@"(?<name>\b[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|API_KEY|APIKEY|ACCESS_KEY|TOKEN|PRIVATE_KEY|CREDENTIALS?)[A-Z0-9_]*)=(?!['""\s=])[^\s'"";]+", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentSecretAssignment();

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,24}\b", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();

    // Card networks by their leading digits (Visa, Mastercard, Amex, Discover, JCB, Diners), in groups or not.
    [GeneratedRegex(@"(?<![\d.-])(?:4\d{3}|5[1-5]\d{2}|2[2-7]\d{2}|3[47]\d{2}|3[0689]\d{2}|6(?:011|5\d{2}))(?:[ -]?\d{3,4}){2,4}(?![\d.-])", RegexOptions.CultureInvariant)]
    private static partial Regex CardNumber();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalBankAccount();

    [GeneratedRegex(@"(?<![\w.(])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d)", RegexOptions.CultureInvariant)]
    // Not after "(" or a word: "actionview (6.0.3.4)" and "v1.2.3.4" are versions, not addresses.
    private static partial Regex IPv4();

    [GeneratedRegex(@"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4}::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4})(?![\w:])", RegexOptions.CultureInvariant)]
    private static partial Regex IPv6();

    // "10.0" somewhere: an IPv4 address has digits on both sides of a dot.
    private static bool HasDigitDotDigit(ReadOnlySpan<char> text)
    {
        for (int i = 1; i < text.Length - 1; i++)
        {
            if (text[i] == '.' && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]))
            {
                return true;
            }
        }

        return false;
    }

    // An IPv6 address has a digit beside one of its colons; "Foo::bar" scope syntax has none.
    private static bool HasColonNextToDigit(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == ':' && ((i > 0 && char.IsAsciiDigit(text[i - 1])) || (i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDigitRun(ReadOnlySpan<char> text, int length)
    {
        int run = 0;
        foreach (char c in text)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run >= length)
            {
                return true;
            }
        }

        return false;
    }

    private static bool PassesLuhn(ReadOnlySpan<char> number)
    {
        int sum = 0;
        int digits = 0;
        for (int i = number.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                continue;
            }

            int digit = number[i] - '0';
            if (digits % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            digits++;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
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
            int value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? ((remainder * 10) + value) % 97 : ((remainder * 100) + value) % 97;
        }

        return remainder == 1;
    }

    // "::" alone is scope syntax in many languages; an address needs two groups and a digit or a 3+ digit group.
    private static bool LooksLikeIPv6(ReadOnlySpan<char> candidate)
    {
        if (candidate is "::1")
        {
            return true;
        }

        int groups = 0;
        bool longGroup = false;
        foreach (Range part in candidate.Split(':'))
        {
            ReadOnlySpan<char> group = candidate[part];
            if (group.Length > 0)
            {
                groups++;
                longGroup |= group.Length >= 3;
            }
        }

        return groups >= 2 && longGroup && candidate.ContainsAnyInRange('0', '9');
    }
}
