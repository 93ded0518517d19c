namespace EventAi;

/// <summary>The built-in data-scrubbing rules; combine them as flags.</summary>
[Flags]
public enum ScrubRules
{
    /// <summary>No built-in rule.</summary>
    None = 0,

    /// <summary>Email addresses, replaced by <c>[email]</c>.</summary>
    Email = 1 << 0,

    /// <summary>IPv4 and IPv6 addresses, replaced by <c>[ip]</c>.</summary>
    IpAddress = 1 << 1,

    /// <summary>Credit-card numbers that pass the Luhn check, replaced by <c>[creditcard]</c>.</summary>
    CreditCard = 1 << 2,

    /// <summary>IBANs that pass the mod-97 check, replaced by <c>[iban]</c>.</summary>
    Iban = 1 << 3,

    /// <summary>Bearer and Basic credentials in authorization values, replaced by <c>[secret]</c>.</summary>
    BearerToken = 1 << 4,

    /// <summary>JSON Web Tokens, replaced by <c>[jwt]</c>.</summary>
    Jwt = 1 << 5,

    /// <summary>PEM private keys, replaced by <c>[privatekey]</c>.</summary>
    PrivateKey = 1 << 6,

    /// <summary>Well-known key formats (AWS, GitHub, Slack, Stripe, OpenAI, Google, SendGrid), replaced by <c>[secret]</c>.</summary>
    KnownKeys = 1 << 7,

    /// <summary>Credentials in URLs (<c>https://user:pass@host</c>), replaced by <c>[secret]</c>.</summary>
    UrlCredentials = 1 << 8,

    /// <summary>Values assigned to secret-named variables (<c>password = "..."</c>, <c>SECRET=...</c>), replaced by <c>[secret]</c>.</summary>
    SecretAssignments = 1 << 9,

    /// <summary>Every built-in rule.</summary>
    All = Email | IpAddress | CreditCard | Iban | BearerToken | Jwt | PrivateKey | KnownKeys | UrlCredentials | SecretAssignments,
}
