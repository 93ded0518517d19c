namespace EventAi.Tests.Privacy;

/// <summary>
/// Every class of personal data and secret, each in every placement (logentry, exception value, a
/// frame's code line, exception_info), through the public API with the default options: the value
/// goes, the clue around it stays, and the description counts the redaction under the rule's name.
/// </summary>
public sealed class RuleTableTests
{
    /// <summary>(rule, text in, text out) per class.</summary>
    public static readonly (ScrubRules Rule, string In, string Out)[] Cases =
    [
        (ScrubRules.Email, "Mail bounced for jane.doe+alerts@example.co.uk today", "Mail bounced for [email] today"),
        (ScrubRules.Email, "user: ops@sub.example.org", "user: [email]"),
        (ScrubRules.Email, "lookup?email=jane%40example.com failed", "lookup?email=[email] failed"),
        (ScrubRules.Email, "invite jürgen@example.de", "invite [email]"),
        (ScrubRules.Email, "scp failed for jane@build.example.com:backups/db.tar", "scp failed for [user]@build.example.com:backups/db.tar"),

        (ScrubRules.IpAddress, "Connection to 10.12.0.254:5432 refused", "Connection to [ip]:5432 refused"),
        (ScrubRules.IpAddress, "client 192.168.1.1 blocked", "client [ip] blocked"),
        (ScrubRules.IpAddress, "bind 2001:db8:85a3::8a2e:370:7334 failed", "bind [ip] failed"),
        (ScrubRules.IpAddress, "listen fe80::1ff:fe23:4567:890a%eth0", "listen [ip]%eth0"),
        (ScrubRules.IpAddress, "from ::ffff:10.0.0.7 port 80", "from [ip] port 80"),

        (ScrubRules.CreditCard, "charge 4111 1111 1111 1111 declined", "charge [creditcard] declined"),
        (ScrubRules.CreditCard, "card=5500-0000-0000-0004;", "card=[creditcard];"),
        (ScrubRules.CreditCard, "amex 378282246310005 ok", "amex [creditcard] ok"),
        (ScrubRules.CreditCard, "amex 3782 822463 10005 ok", "amex [creditcard] ok"),
        (ScrubRules.CreditCard, "card 4111 1111 1111 1111 exp 2029", "card [creditcard] exp 2029"),

        (ScrubRules.Iban, "IBAN DE89 3704 0044 0532 0130 00 rejected", "IBAN [iban] rejected"),
        (ScrubRules.Iban, "iban GB82WEST12345698765432", "iban [iban]"),

        (ScrubRules.BearerToken, "Authorization: Bearer abcdef0123456789.xyz-_~+/=", "Authorization: Bearer [secret]"),
        (ScrubRules.BearerToken, "header Basic dXNlcjpwYXNzd29yZA==", "header Basic [secret]"),

        (ScrubRules.Jwt, "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U expired", "jwt [jwt] expired"),
        (ScrubRules.Jwt, "Authorization token eyJhbGciOiJub25lIn0.eyJ1c2VyIjoiYm9iIn0. rejected", "Authorization token [jwt] rejected"),

        (ScrubRules.PrivateKey, "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAKC\n-----END RSA PRIVATE KEY----- leaked", "[privatekey] leaked"),
        (ScrubRules.PrivateKey, "key -----BEGIN PRIVATE KEY----- MIIEvQIBADAN", "key [privatekey]"),
        (ScrubRules.PrivateKey, "pem -----BEGIN OPENSSH PRIVATE KEY-----b3BlbnNzaC1rZXk-----END OPENSSH PRIVATE KEY-----.", "pem [privatekey]."),

        (ScrubRules.KnownKeys, "aws AKIAIOSFODNN7EXAMPLE denied", "aws [secret] denied"),
        (ScrubRules.KnownKeys, "token ghp_1234567890abcdefghijklmnopqrstuvwxyzAB invalid", "token [secret] invalid"),
        (ScrubRules.KnownKeys, "slack xoxb-123456789012-abcdefghijkl failed", "slack [secret] failed"),
        (ScrubRules.KnownKeys, "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe [secret]"),
        (ScrubRules.KnownKeys, "openai sk-proj-abcdefghijklmnopqrstuvwxyz0123", "openai [secret]"),
        (ScrubRules.KnownKeys, "google AIzaSyA1234567890abcdefghijklmnopqrstuv", "google [secret]"),

        (ScrubRules.UrlCredentials, "GET https://admin:hunter2@db.example.com/path", "GET https://[secret]@db.example.com/path"),
        (ScrubRules.UrlCredentials, "redis://:p4ss@cache:6379 down", "redis://[secret]@cache:6379 down"),
        (ScrubRules.UrlCredentials, "clone https://jane.doe@dev.azure.com/org/repo failed", "clone https://[user]@dev.azure.com/org/repo failed"),

        (ScrubRules.SecretAssignments, "password = \"hunter2\"", "password = \"[secret]\""),
        (ScrubRules.SecretAssignments, "api_key: 'abc123xyz'", "api_key: '[secret]'"),
        (ScrubRules.SecretAssignments, "config[\"client_secret\"] = \"s3cr3t-value\";", "config[\"client_secret\"] = \"[secret]\";"),
        (ScrubRules.SecretAssignments, "$token => 'tok_live_123',", "$token => '[secret]',"),
        (ScrubRules.SecretAssignments, "SECRET=abc123", "SECRET=[secret]"),
        (ScrubRules.SecretAssignments, "export DB_PASSWORD=p4ssw0rd", "export DB_PASSWORD=[secret]"),
        (ScrubRules.SecretAssignments, "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key=[secret]"),
        (ScrubRules.SecretAssignments, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [secret]"),
        (ScrubRules.SecretAssignments, "password: s3cr3t-P4ss", "password: [secret]"),
        (ScrubRules.SecretAssignments, "  db_password: letmein", "  db_password: [secret]"),
        (ScrubRules.SecretAssignments, "login failed user=jane password=hunter2 attempt=3", "login failed user=jane password=[secret] attempt=3"),
        (ScrubRules.SecretAssignments, "refreshing clientSecret: 9f8e7d6c5b4a", "refreshing clientSecret: [secret]"),
        (ScrubRules.SecretAssignments, "{\"password\":\"hunter2\",\"user\":\"bob\"}", "{\"password\":\"[secret]\",\"user\":\"bob\"}"),
        (ScrubRules.SecretAssignments, "payload {\\\"api_key\\\":\\\"abc123\\\"} rejected", "payload {\\\"api_key\\\":\\\"[secret]\\\"} rejected"),

        (ScrubRules.UserPath, "File \"/home/jane.doe/projects/app/main.py\", line 3", "File \"/home/[user]/projects/app/main.py\", line 3"),
        (ScrubRules.UserPath, "at /Users/jdoe/Library/app.rb:12", "at /Users/[user]/Library/app.rb:12"),
        (ScrubRules.UserPath, "C:\\Users\\jdoe\\source\\repos\\App\\Program.cs", "C:\\Users\\[user]\\source\\repos\\App\\Program.cs"),
        (ScrubRules.UserPath, "open 'C:\\Users\\John Smith\\Documents\\report.xlsx'", "open 'C:\\Users\\[user]\\Documents\\report.xlsx'"),
        (ScrubRules.UserPath, "var path = \"C:\\\\Users\\\\jdoe\\\\data.db\";", "var path = \"C:\\\\Users\\\\[user]\\\\data.db\";"),
        (ScrubRules.UserPath, "mount /mnt/c/Users/jdoe/code", "mount /mnt/c/Users/[user]/code"),

        (ScrubRules.UsSsn, "SSN 123-45-6789 on file", "SSN [ssn] on file"),
        (ScrubRules.UsSsn, "ssn=078-05-1120", "ssn=[ssn]"),

        (ScrubRules.PhoneNumber, "call +1 415 555 0134 now", "call [phone] now"),
        (ScrubRules.PhoneNumber, "office +44 20 7946 0958", "office [phone]"),
        (ScrubRules.PhoneNumber, "sms to +14155550134 failed", "sms to [phone] failed"),
        (ScrubRules.PhoneNumber, "tel +49 (0)30 1234567", "tel [phone]"),
        (ScrubRules.PhoneNumber, "call 415-555-0134 today", "call [phone] today"),
        (ScrubRules.PhoneNumber, "call (415) 555-0134 today", "call [phone] today"),

        (ScrubRules.ConnectionStrings, "Server=db;Database=app;User Id=sa;Password=hunter 2;Encrypt=true", "Server=db;Database=app;User Id=sa;Password=[secret];Encrypt=true"),
        (ScrubRules.ConnectionStrings, "Host=db;Username=app;Pwd=s3cr3t;", "Host=db;Username=app;Pwd=[secret];"),
        (ScrubRules.ConnectionStrings, "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc+def/ghi==;EndpointSuffix=core.windows.net", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[secret];EndpointSuffix=core.windows.net"),
        (ScrubRules.ConnectionStrings, "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=abcDEF123=", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=[secret]"),
        (ScrubRules.ConnectionStrings, "BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sig=abc%2Bdef%3D", "BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=[secret]"),
        (ScrubRules.ConnectionStrings, "Server=x; Password = 'a;b' ;Encrypt=true", "Server=x; Password = '[secret]' ;Encrypt=true"),

        (ScrubRules.SecretUrlParameters, "GET /api/items?id=3&token=abc123&page=2", "GET /api/items?id=3&token=[secret]&page=2"),
        (ScrubRules.SecretUrlParameters, "redirect https://app.example.com/cb#access_token=xyz789&state=1", "redirect https://app.example.com/cb#access_token=[secret]&state=1"),
        (ScrubRules.SecretUrlParameters, "https://s.blob.core.windows.net/c/b?sv=2020-08-04&se=2024&sig=abc%2Bdef%3D", "https://s.blob.core.windows.net/c/b?sv=2020-08-04&se=2024&sig=[secret]"),
        (ScrubRules.SecretUrlParameters, "maps?key=AIzaXYZ&q=1 and ?apikey=k1&x=2 and ?api_key=k2", "maps?key=[secret]&q=1 and ?apikey=[secret]&x=2 and ?api_key=[secret]"),
        (ScrubRules.SecretUrlParameters, "?secret=s1&password=p1&auth=a1&signature=g1", "?secret=[secret]&password=[secret]&auth=[secret]&signature=[secret]"),

        (ScrubRules.SessionCookies, "Cookie: sessionid=abc123xyz; csrftoken=def456; theme=dark", "Cookie: sessionid=[secret]; csrftoken=[secret]; theme=dark"),
        (ScrubRules.SessionCookies, "Set-Cookie: JSESSIONID=A1B2C3D4E5; Path=/; HttpOnly", "Set-Cookie: JSESSIONID=[secret]; Path=/; HttpOnly"),
        (ScrubRules.SessionCookies, "cookie session=eyJfcGVybWFuZW50Ijp0cnVlfQ.ZbXx; .AspNetCore.Cookies=CfDJ8ABCDEF123", "cookie session=[secret]; .AspNetCore.Cookies=[secret]"),

        (ScrubRules.WebhookUrls, "posting to https://hooks.slack.com/services/T000/B000/XXXXXXXX failed", "posting to https://hooks.slack.com/services/[secret] failed"),
        (ScrubRules.WebhookUrls, "POST https://discord.com/api/webhooks/123456/abcdefTOKEN 404", "POST https://discord.com/api/webhooks/[secret] 404"),
        (ScrubRules.WebhookUrls, "teams https://contoso.webhook.office.com/webhookb2/abc-123@def/IncomingWebhook/xyz", "teams https://contoso.webhook.office.com/webhookb2/[secret]"),
    ];

    public static IEnumerable<TestCaseData> CasesInEveryPlacement() =>
        from c in Cases
        from placement in Placement.All
        select new TestCaseData(c.Rule, c.In, c.Out, placement).SetArgDisplayNames(c.Rule.ToString(), c.In, placement.Name);

    [TestCaseSource(nameof(CasesInEveryPlacement))]
    public void Each_class_is_replaced_in_every_placement(ScrubRules rule, string text, string expected, Placement placement)
    {
        (string? scrubbed, IReadOnlyDictionary<string, int> redactions) = placement.Scrub(text);

        Assert.That(scrubbed, Is.EqualTo(placement == Placement.ContextLine ? expected.Trim() : expected));
        Assert.That(redactions.GetValueOrDefault(rule.ToString()), Is.GreaterThan(0), string.Join(", ", redactions));
    }

    [Test]
    public void Every_built_in_rule_has_cases()
    {
        ScrubRules[] rules = [.. Enum.GetValues<ScrubRules>().Where(r => r is not ScrubRules.None and not ScrubRules.All)];

        Assert.That(rules.Where(rule => Cases.Count(c => c.Rule == rule) < 2), Is.Empty);
    }
}
