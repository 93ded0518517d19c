namespace EventAi;

/// <summary>The built-in data-scrubbing rules; combine them as flags.</summary>
[Flags]
public enum ScrubRules
{
    /// <summary>No built-in rule.</summary>
    None = 0,

    /// <summary>Email addresses, also URL-encoded (<c>jane%40example.com</c>), replaced by <c>[email]</c>.</summary>
    Email = 1 << 0,

    /// <summary>
    /// IPv4 and IPv6 addresses, replaced by <c>[ip]</c>; loopback and unspecified addresses
    /// (<c>127.0.0.1</c>, <c>::1</c>, <c>0.0.0.0</c>) and version-like numbers are kept.
    /// </summary>
    IpAddress = 1 << 1,

    /// <summary>Credit-card numbers that pass the Luhn check, replaced by <c>[creditcard]</c>.</summary>
    CreditCard = 1 << 2,

    /// <summary>IBANs that pass the mod-97 check, replaced by <c>[iban]</c>.</summary>
    Iban = 1 << 3,

    /// <summary>Bearer and Basic credentials in authorization values, replaced by <c>[secret]</c>.</summary>
    BearerToken = 1 << 4,

    /// <summary>JSON Web Tokens, replaced by <c>[jwt]</c>.</summary>
    Jwt = 1 << 5,

    /// <summary>PEM key blocks, replaced by <c>[privatekey]</c> (and <c>[publickey]</c>).</summary>
    PrivateKey = 1 << 6,

    /// <summary>Well-known key formats (AWS, GitHub, Slack, Stripe, OpenAI, Google, SendGrid), replaced by <c>[secret]</c>.</summary>
    KnownKeys = 1 << 7,

    /// <summary>User names and passwords in URLs (<c>https://user:pass@host</c>), replaced by <c>[secret]</c> or <c>[user]</c>.</summary>
    UrlCredentials = 1 << 8,

    /// <summary>
    /// Values assigned to secret-named variables, quoted (<c>password = "..."</c>) or not
    /// (<c>aws_secret_access_key=...</c>, <c>password: ...</c>), replaced by <c>[secret]</c>.
    /// </summary>
    SecretAssignments = 1 << 9,

    /// <summary>User names in home-directory paths (<c>/home/jane/</c>, <c>C:\Users\jane\</c>), replaced by <c>[user]</c>.</summary>
    UserPath = 1 << 10,

    /// <summary>US social security numbers (<c>123-45-6789</c>), replaced by <c>[ssn]</c>.</summary>
    UsSsn = 1 << 11,

    /// <summary>Phone numbers in international (<c>+44 20 7946 0958</c>) and US national forms, replaced by <c>[phone]</c>.</summary>
    PhoneNumber = 1 << 12,

    /// <summary>Secrets in connection strings (<c>Password=...;</c>, <c>AccountKey=...;</c>), replaced by <c>[secret]</c>.</summary>
    ConnectionStrings = 1 << 13,

    /// <summary>URL query and fragment parameters whose name says secret (<c>?token=...</c>, <c>&amp;sig=...</c>), replaced by <c>[secret]</c>.</summary>
    SecretUrlParameters = 1 << 14,

    /// <summary>Session and CSRF cookies (<c>sessionid=...</c>, <c>.AspNetCore.Cookies=...</c>), replaced by <c>[secret]</c>.</summary>
    SessionCookies = 1 << 15,

    /// <summary>Slack, Discord and Microsoft Teams webhook URLs: the part after the service's path is replaced by <c>[secret]</c>.</summary>
    WebhookUrls = 1 << 16,

    /// <summary>Every built-in rule.</summary>
    All = Email | IpAddress | CreditCard | Iban | BearerToken | Jwt | PrivateKey | KnownKeys | UrlCredentials | SecretAssignments
        | UserPath | UsSsn | PhoneNumber | ConnectionStrings | SecretUrlParameters | SessionCookies | WebhookUrls,
}
