namespace EventAi.Tests.Privacy;

/// <summary>
/// What Sentry Relay's default <c>@common</c> rules (ip, email, creditcard, iban, pemkey, urlauth,
/// userpath, password, usssn, bearer) remove from text, EventAi removes too, in every placement. Two
/// deliberate differences: loopback and unspecified addresses are kept (they are the clue in
/// "connection refused"), and a value is not dropped whole because it mentions the word "password"
/// (that would drop code lines); secrets assigned to such names are removed instead.
/// </summary>
public sealed class RelayParityTests
{
    public static readonly (string Rule, string In, string Secret)[] Cases =
    [
        ("ip", "before 10.1.2.3 after", "10.1.2.3"),
        ("ip", "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
        ("email", "Jane Roe <jane@roe-family.org>", "jane@roe-family.org"),
        ("creditcard", "paid with 4571234567890111!", "4571234567890111"),
        ("creditcard", "paid with 4571 2345 6789 0111!", "4571 2345 6789 0111"),
        ("iban", "some iban: NO9386011117945!", "NO9386011117945"),
        ("iban", "some iban: RU0204452560040702810412345678901!", "RU0204452560040702810412345678901"),
        ("iban", "iban FR1420041010050500013M02606 rejected", "FR1420041010050500013M02606"),
        ("pemkey", "my key\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oUCfZBuY\n-----END EC PRIVATE KEY-----", "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oUCfZBuY"),
        ("pemkey", "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"),
        ("urlauth", "https://username:password@example.com/", "username:password"),
        ("urlauth", "ftp://operator@files.example.com/", "operator"),
        ("userpath", "C:\\Users\\mhansen\\Desktop", "mhansen"),
        ("userpath", "File in /Users/mhansen/Development/app", "mhansen"),
        ("userpath", "C:\\Windows\\Profiles\\Arne\\Temp", "Arne"),
        ("password", "db_password=Tr0ub4dor&3", "Tr0ub4dor"),
        ("password", "{\"mysql_pwd\": \"hunter2\"}", "hunter2"),
        ("usssn", "my SSN is 078-05-1120", "078-05-1120"),
        ("bearer", "Authorization: Bearer 7f3a9c2e41d8b6a0", "7f3a9c2e41d8b6a0"),
    ];

    public static IEnumerable<TestCaseData> CasesInEveryPlacement() =>
        from c in Cases
        from placement in Placement.All
        select new TestCaseData(c.In, c.Secret, placement).SetArgDisplayNames(c.Rule, c.In, placement.Name);

    [TestCaseSource(nameof(CasesInEveryPlacement))]
    public void What_relay_removes_is_removed(string text, string secret, Placement placement)
    {
        (string? scrubbed, _) = placement.Scrub(text);

        Assert.That(scrubbed, Does.Not.Contain(secret));
    }
}
