using System.Text;
using System.Text.Json;

namespace EventAi.Tests.Privacy;

/// <summary>
/// Scrubbing time grows linearly with the text: the worst case found for every rule finishes well
/// inside its time budget, and a rule that does run out of time redacts the whole value.
/// </summary>
public sealed class ScrubTimeTests
{
    private const int Size = 256 * 1024;

    // A rule that is quadratic needs hours on these; a linear one, milliseconds. The budget is
    // generous so that only a rule that is not linear can reach it, and the wait is the hang guard.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>The worst input found per rule: runs a backtracking pattern would try from every position.</summary>
    public static readonly (string Name, Func<int, string> Make)[] WorstCases =
    [
        ("quoted secret, dotted", n => "password = \"" + Repeat("a.", n) + "\""),
        ("quoted secret, dashed", n => "secret: '" + Repeat("a-", n) + "'"),
        ("quoted secret, unclosed", n => "x = \"" + Repeat("secret=\"a", n)),
        ("dot-joined ids near token", n => "token \"" + Repeat("a1.", n) + "\""),
        ("dot-joined ids with token", n => "\"" + Repeat("token.a1.", n) + "\""),
        ("one long name", n => Repeat("x", n) + "token = abc123"),
        ("many assignments", n => Repeat("password=abc123 token: x9 ", n)),
        ("unquoted to the end of the line", n => "password = " + Repeat("a b ", n)),
        ("email local part", n => Repeat("a.", n) + "@"),
        ("many emails", n => Repeat("a@b.cd ", n)),
        ("url scheme", n => Repeat("a.", n) + " :// @"),
        ("url user", n => "http://" + Repeat("a:", n) + " @"),
        ("jwt", n => Repeat("-eyJ", n)),
        ("known key prefixes", n => Repeat("-sk-a", n)),
        ("bearer", n => Repeat("Bearer ", n)),
        ("card groups", n => Repeat("4111 ", n)),
        ("card digits", n => Repeat("4 1 ", n)),
        ("iban groups", n => Repeat("DE89 AAAA ", n)),
        ("ipv4", n => Repeat("1.1.", n)),
        ("ipv6", n => Repeat("1:", n) + "::"),
        ("ipv6 groups", n => Repeat("abcd::", n)),
        ("pem headers", n => Repeat("-----BEGIN ", n)),
        ("pem without end", n => "-----BEGIN PRIVATE KEY-----" + Repeat("-----END X-----", n)),
        ("user paths", n => Repeat("/home/", n)),
        ("windows user paths", n => Repeat("C:\\Users\\a ", n)),
        ("phones", n => Repeat("+1 4", n)),
        ("national phones", n => Repeat("415-555-", n)),
        ("ssn", n => Repeat("123-45-", n)),
        ("url parameters", n => "?" + Repeat("token=&", n)),
        ("cookies", n => Repeat("session=", n)),
        ("aspnetcore cookies", n => Repeat(".AspNetCore.", n)),
        ("connection strings", n => Repeat(";Password=a,", n)),
        ("redis strings", n => "password=" + Repeat("a,b b ", n)),
        ("webhook", n => "https://hooks.slack.com/services/" + Repeat("a", n)),
    ];

    public static IEnumerable<TestCaseData> Families() =>
        WorstCases.Select(c => new TestCaseData(c.Name).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(Families))]
    public void Worst_case_inputs_are_scrubbed_within_the_budget(string family)
    {
        string text = WorstCases.Single(c => c.Name == family).Make(Size);
        var options = new DescribeOptions { Scrub = new ScrubOptions { RuleTimeBudget = Budget } };
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { exception = new[] { new { type = "E", value = text } } }));

        Task<EventDescription> describing = Task.Run(() => new EventDescriber(options).Describe(json));

        Assert.That(describing.Wait(HangGuard), Is.True, $"Describing {Size / 1024} KB of '{family}' did not finish in {HangGuard.TotalSeconds} s.");
        Assert.That(describing.Result.Redactions.Keys, Has.No.Member("TimeBudget"), "A rule ran out of its budget: it is not linear.");
    }

    [Test]
    public void A_long_quoted_secret_is_redacted_not_cut_off()
    {
        string text = "password = \"" + Repeat("a.", 32 * 1024) + "\" and more";

        (string? scrubbed, IReadOnlyDictionary<string, int> redactions) = Placement.ExceptionValue.Scrub(text);

        Assert.That(scrubbed, Is.EqualTo("password = \"[secret]\" and more"));
        Assert.That(redactions, Is.EquivalentTo(new Dictionary<string, int> { ["SecretAssignments"] = 1 }));
    }

    [Test]
    public void A_custom_pattern_that_runs_out_of_time_redacts_the_whole_value()
    {
        var scrub = new ScrubOptions { RuleTimeBudget = TimeSpan.FromMilliseconds(5) };
        scrub.CustomPatterns.Add(new ScrubPattern("(a+)+b"));
        string text = "mail bob@example.com " + new string('a', 40) + "!";

        (string? scrubbed, IReadOnlyDictionary<string, int> redactions) = Placement.ExceptionValue.Scrub(text, new DescribeOptions { Scrub = scrub });

        Assert.That(scrubbed, Is.EqualTo("[redacted]"));
        Assert.That(redactions, Is.EquivalentTo(new Dictionary<string, int> { ["TimeBudget"] = 1 }));
    }

    [Test]
    public void A_built_in_rule_that_runs_out_of_time_redacts_the_whole_value()
    {
        // Eight million characters of candidates take every rule well over a millisecond.
        var scrub = new ScrubOptions { RuleTimeBudget = TimeSpan.FromMilliseconds(1) };
        string text = Repeat("password=abc123 bob@example.com 10.0.0.1 ", 8 * 1024 * 1024);

        (string? scrubbed, IReadOnlyDictionary<string, int> redactions) = Placement.ExceptionValue.Scrub(text, new DescribeOptions { Scrub = scrub });

        Assert.That(scrubbed, Is.EqualTo("[redacted]"));
        Assert.That(redactions, Is.EquivalentTo(new Dictionary<string, int> { ["TimeBudget"] = 1 }));
    }

    [Test]
    public void The_budget_applies_per_value()
    {
        var scrub = new ScrubOptions { RuleTimeBudget = TimeSpan.FromMilliseconds(5) };
        scrub.CustomPatterns.Add(new ScrubPattern("(a+)+b"));
        string json = JsonSerializer.Serialize(new
        {
            message = new string('a', 40) + "!",
            exception = new[] { new { type = "E", value = "mail bob@example.com" } },
        });

        EventDescription description = Describing.Describe.Event(json, new DescribeOptions { Scrub = scrub });

        Assert.That(description.ToJsonElement().GetProperty("message").GetString(), Is.EqualTo("[redacted]"));
        Assert.That(description.ToJsonElement().GetProperty("exceptions")[0].GetProperty("message").GetString(), Is.EqualTo("mail [email]"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(60_001)]
    public void A_budget_out_of_range_is_rejected_naming_the_setting(int milliseconds)
    {
        var options = new DescribeOptions { Scrub = new ScrubOptions { RuleTimeBudget = TimeSpan.FromMilliseconds(milliseconds) } };

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new EventDescriber(options))!;

        Assert.That(error.Message, Does.Contain("ScrubOptions.RuleTimeBudget").And.Contain("1 ms to 1 minute"));
    }

    [Test]
    public void The_default_budget_is_a_quarter_second()
    {
        Assert.That(new ScrubOptions().RuleTimeBudget, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
    }

    private static string Repeat(string piece, int length)
    {
        var builder = new StringBuilder(length + piece.Length);
        while (builder.Length < length)
        {
            builder.Append(piece);
        }

        return builder.ToString(0, length);
    }
}
