using System.Text;
using System.Text.Json;
using EventAi.Tests.Describing;

namespace EventAi.Tests.Privacy;

/// <summary>Each built-in rule, positive cases: the value is replaced and the shape stays readable.</summary>
public sealed class ScrubbingTests
{
    private static string ScrubbedMessage(string value, ScrubOptions? scrub = null)
    {
        var options = new DescribeOptions { Scrub = scrub ?? new ScrubOptions() };
        string json = JsonSerializer.Serialize(new Dictionary<string, object> { ["exception"] = new[] { new { type = "E", value } } });
        return Describe.Exception(json, options: options).GetProperty("message").GetString()!;
    }

    [TestCase("Mail bounced for jane.doe+alerts@example.co.uk today", "Mail bounced for [email] today")]
    [TestCase("user: ops@sub.example.org", "user: [email]")]
    [TestCase("Connection to 10.12.0.254:5432 refused", "Connection to [ip]:5432 refused")]
    [TestCase("client 192.168.1.1 blocked", "client [ip] blocked")]
    [TestCase("bind 2001:db8:85a3::8a2e:370:7334 failed", "bind [ip] failed")]
    [TestCase("listen fe80::1ff:fe23:4567:890a%eth0", "listen [ip]%eth0")]
    [TestCase("from 2001:db8::1 port 80", "from [ip] port 80")]
    [TestCase("charge 4111 1111 1111 1111 declined", "charge [creditcard] declined")]
    [TestCase("card=5500-0000-0000-0004;", "card=[creditcard];")]
    [TestCase("amex 378282246310005 ok", "amex [creditcard] ok")]
    [TestCase("IBAN DE89 3704 0044 0532 0130 00 rejected", "IBAN [iban] rejected")]
    [TestCase("iban GB82WEST12345698765432", "iban [iban]")]
    [TestCase("Authorization: Bearer abcdef0123456789.xyz-_~+/=", "Authorization: Bearer [secret]")]
    [TestCase("header Basic dXNlcjpwYXNzd29yZA==", "header Basic [secret]")]
    [TestCase("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U expired", "jwt [jwt] expired")]
    [TestCase("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAKC\n-----END RSA PRIVATE KEY----- leaked", "[privatekey] leaked")]
    [TestCase("key -----BEGIN PRIVATE KEY----- MIIEvQIBADAN", "key [privatekey]")]
    [TestCase("aws AKIAIOSFODNN7EXAMPLE denied", "aws [secret] denied")]
    [TestCase("token ghp_1234567890abcdefghijklmnopqrstuvwxyzAB invalid", "token [secret] invalid")]
    [TestCase("slack xoxb-123456789012-abcdefghijkl failed", "slack [secret] failed")]
    [TestCase("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe [secret]")]
    [TestCase("openai sk-proj-abcdefghijklmnopqrstuvwxyz0123", "openai [secret]")]
    [TestCase("google AIzaSyA1234567890abcdefghijklmnopqrstuv", "google [secret]")]
    [TestCase("GET https://admin:hunter2@db.example.com/path", "GET https://[secret]@db.example.com/path")]
    [TestCase("redis://:p4ss@cache:6379 down", "redis://[secret]@cache:6379 down")]
    [TestCase("postgres://app:s3cr3t@10.0.0.5/db", "postgres://[secret]@[ip]/db")]
    public void Built_in_rules_replace_personal_data_and_secrets_in_exception_values(string value, string expected)
    {
        Assert.That(ScrubbedMessage(value), Is.EqualTo(expected));
    }

    [TestCase("    password = \"hunter2\"  ", "password = \"[secret]\"")]
    [TestCase("api_key: 'abc123xyz'", "api_key: '[secret]'")]
    [TestCase("config[\"client_secret\"] = \"s3cr3t-value\";", "config[\"client_secret\"] = \"[secret]\";")]
    [TestCase("$token => 'tok_live_123',", "$token => '[secret]',")]
    [TestCase("SECRET=abc123", "SECRET=[secret]")]
    [TestCase("export DB_PASSWORD=p4ssw0rd", "export DB_PASSWORD=[secret]")]
    [TestCase("headers = {\"Authorization\": \"Bearer eyJabc.def\"}", "headers = {\"Authorization\": \"Bearer [secret]\"}")]
    public void Secret_assignments_in_code_lines_keep_the_name_and_lose_the_value(string line, string expected)
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames(
            JsonSerializer.Serialize(new { function = "caller", context_line = line }),
            JsonSerializer.Serialize(new { function = "crash", context_line = "x" }))))[1];

        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo(expected));
    }

    [Test]
    public void Message_exception_info_and_full_context_are_scrubbed()
    {
        const string Json = """
            {"logentry":{"formatted":"login failed for bob@example.com"},
             "exception":{"values":[{"type":"AuthError","value":"x","mechanism":{"meta":{"peer":"10.1.2.3","nested":["alice@example.com"]}},
               "stacktrace":{"frames":[{"function":"login","pre_context":["user = 'bob@example.com'"],"context_line":"  password = \"hunter2\"","post_context":["ip = '8.8.8.8'"]}]}}]}}
            """;

        string description = Describe.Event(Json).ToJson();

        Assert.That(description, Does.Not.Contain("bob@example.com").And.Not.Contain("alice@example.com")
            .And.Not.Contain("10.1.2.3").And.Not.Contain("hunter2").And.Not.Contain("8.8.8.8"));
        Assert.That(description, Does.Contain("[email]").And.Contain("[ip]").And.Contain("[secret]"));
    }

    [Test]
    public void Function_module_and_file_names_are_not_scrubbed()
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames("""{"function":"send_to_ops@example.com","filename":"10.0.0.1.py"}""")))[0];

        Assert.That(frame.GetProperty("func").GetString(), Is.EqualTo("send_to_ops@example.com"));
        Assert.That(frame.GetProperty("file").GetString(), Is.EqualTo("10.0.0.1.py"));
    }

    [Test]
    public void Scrubbing_can_be_turned_off()
    {
        Assert.That(ScrubbedMessage("mail bob@example.com", new ScrubOptions { Enabled = false }), Is.EqualTo("mail bob@example.com"));
    }

    [Test]
    public void Rules_can_be_chosen()
    {
        string scrubbed = ScrubbedMessage("bob@example.com at 10.0.0.1", new ScrubOptions { Rules = ScrubRules.IpAddress });

        Assert.That(scrubbed, Is.EqualTo("bob@example.com at [ip]"));
    }

    [Test]
    public void Custom_patterns_run_after_the_built_in_rules()
    {
        var scrub = new ScrubOptions();
        scrub.CustomPatterns.Add(new ScrubPattern(@"\bcust-\d{6}\b", "[customer]"));
        scrub.CustomPatterns.Add(new ScrubPattern(@"\bproject-[a-z]+\b"));

        Assert.That(ScrubbedMessage("cust-123456 of project-apollo mailed bob@example.com", scrub),
            Is.EqualTo("[customer] of [redacted] mailed [email]"));
    }

    [Test]
    public void An_invalid_custom_pattern_is_rejected_naming_it()
    {
        var options = new DescribeOptions();
        options.Scrub.CustomPatterns.Add(new ScrubPattern("(unclosed"));

        ArgumentException error = Assert.Throws<ArgumentException>(() => _ = new EventDescriber(options))!;

        Assert.That(error.Message, Does.Contain("ScrubOptions.CustomPatterns[0]"));
    }

    [TestCase("order 3530 1113 3330 0001 failed")]
    [TestCase("id 1234567812345678")]
    [TestCase("IBAN DE00 3704 0044 0532 0130 00")]
    public void Numbers_that_fail_their_check_digits_are_kept(string value)
    {
        Assert.That(ScrubbedMessage(value), Is.EqualTo(value));
    }

    [Test]
    public void Non_ascii_text_survives_scrubbing()
    {
        Assert.That(ScrubbedMessage("Größe ungültig für jürgen@example.de 😀"), Is.EqualTo("Größe ungültig für [email] 😀"));
    }

    [Test]
    public void Scrubbed_output_is_still_valid_utf8_json()
    {
        string description = Describe.Event("""{"exception":[{"value":"a \"quoted\" bob@example.com \\ path"}]}""").ToJson();

        Assert.That(JsonDocument.Parse(Encoding.UTF8.GetBytes(description)).RootElement.GetProperty("exceptions")[0].GetProperty("message").GetString(),
            Is.EqualTo("a \"quoted\" [email] \\ path"));
    }
}
