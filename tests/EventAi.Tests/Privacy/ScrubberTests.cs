namespace EventAi.Tests.Privacy;

/// <summary>
/// The scrubber as the description writer (and the engine after it) calls it: on UTF-8 or text,
/// with or without a tally, and the pieces meant for scrubbing file names and keys split over lines.
/// </summary>
public sealed class ScrubberTests
{
    private static readonly Scrubber Scrubber = Scrubber.Create(new ScrubOptions())!;

    [Test]
    public void Utf8_text_is_scrubbed_and_unchanged_text_gives_null()
    {
        Assert.That(Scrubber.Scrub("mail bob@example.com"u8), Is.EqualTo("mail [email]"));
        Assert.That(Scrubber.Scrub("division by zero"u8), Is.Null);
    }

    [Test]
    public void A_scrubber_with_a_tally_counts_what_it_removes()
    {
        var tally = new ScrubTally();
        Scrubber counting = Scrubber.WithTally(tally);

        counting.Scrub("bob@example.com, alice@example.com"u8);
        counting.Scrub("10.1.2.3"u8);
        Scrubber.Scrub("carol@example.com"u8);

        Assert.That(tally.ToReadOnly(), Is.EquivalentTo(new Dictionary<string, int> { ["Email"] = 2, ["IpAddress"] = 1 }));
    }

    [TestCase("/home/jane.doe/projects/app/main.py", "/home/[user]/projects/app/main.py")]
    [TestCase("/Users/jdoe/Library/Caches/app.rb", "/Users/[user]/Library/Caches/app.rb")]
    [TestCase("C:\\Users\\jdoe\\source\\repos\\App\\Program.cs", "C:\\Users\\[user]\\source\\repos\\App\\Program.cs")]
    [TestCase("c:/users/jdoe/app.js", "c:/users/[user]/app.js")]
    [TestCase("/home/jdoe", "/home/[user]")]
    public void The_user_path_rule_works_on_a_bare_file_name(string file, string expected)
    {
        Assert.That(Scrubber.Scrub(file.AsSpan()), Is.EqualTo(expected));
    }

    [TestCase("/srv/app/main.py")]
    [TestCase("app/Home/Index.cshtml")]
    [TestCase("webpack:///./src/users/list.js")]
    public void Other_file_names_are_unchanged(string file)
    {
        Assert.That(Scrubber.Scrub(file.AsSpan()), Is.Null);
    }

    [TestCase("key = \"\"\"-----BEGIN RSA PRIVATE KEY-----", true)]
    [TestCase("-----BEGIN OPENSSH PRIVATE KEY-----", true)]
    [TestCase("-----BEGIN PRIVATE KEY----- abc -----END PRIVATE KEY-----", false)]
    [TestCase("-----BEGIN CERTIFICATE-----", false)]
    [TestCase("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", false)]
    public void A_line_that_opens_a_key_block_without_closing_it_is_recognised(string line, bool opens)
    {
        Assert.That(PrivateKeyRule.LeavesBlockOpen(line), Is.EqualTo(opens));
    }

    [TestCase("-----END RSA PRIVATE KEY-----", 29)]
    [TestCase("abc==\n-----END PRIVATE KEY----- trailing", 31)]
    [TestCase("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", -1)]
    [TestCase("-----END CERTIFICATE-----", -1)]
    public void The_end_of_a_key_block_is_found_in_a_later_line(string line, int end)
    {
        Assert.That(PrivateKeyRule.EndOfBlock(line), Is.EqualTo(end));
    }
}
