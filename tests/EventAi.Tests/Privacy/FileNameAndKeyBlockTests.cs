using System.Text.Json;
using System.Text.Json.Nodes;
using EventAi.Tests.Cli;
using EventAi.Tests.Describing;

namespace EventAi.Tests.Privacy;

/// <summary>
/// The two structural privacy rules: a user name in a frame's file name, and a private key whose lines
/// are split over a frame's source lines (pre_context, context_line, post_context, in order).
/// </summary>
public sealed class FileNameAndKeyBlockTests
{
    private const string KeyBody1 = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";
    private const string KeyBody2 = "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK";
    private const string KeyBody3 = "LxoFh2Zw5rVjE3QRrgRqsXNG8VhIi5yD8pSjLnU6+JHxKb0aMZLw7vZx1xN5qWk7";

    [TestCase("/home/jane.doe/projects/app/main.py", "/home/[user]/projects/app/main.py")]
    [TestCase("/Users/jdoe/Library/app.rb", "/Users/[user]/Library/app.rb")]
    [TestCase(@"C:\Users\jdoe\source\repos\App\Program.cs", @"C:\Users\[user]\source\repos\App\Program.cs")]
    public void A_user_name_in_a_frame_file_name_is_removed_and_the_rest_of_the_path_stays(string file, string expected)
    {
        EventDescription description = Describe.Event(Describe.WithFrames(Frame(file)));

        Assert.That(CrashFrame(description).GetProperty("file").GetString(), Is.EqualTo(expected));
        Assert.That(description.Redactions, Is.EquivalentTo(new Dictionary<string, int> { ["UserPath"] = 1 }));
    }

    [TestCase("/srv/app/main.py")]
    [TestCase("webpack:///./src/users/list.js")]
    [TestCase("app/bob@example.com/10.1.2.3.js")]
    public void Other_file_names_are_written_as_the_event_has_them(string file)
    {
        EventDescription description = Describe.Event(Describe.WithFrames(Frame(file)));

        Assert.That(CrashFrame(description).GetProperty("file").GetString(), Is.EqualTo(file));
        Assert.That(description.Redactions, Is.Empty);
    }

    [Test]
    public void Without_the_user_path_rule_a_file_name_keeps_its_user_name()
    {
        var options = new DescribeOptions { Scrub = { Rules = ScrubRules.All & ~ScrubRules.UserPath } };

        EventDescription description = Describe.Event(Describe.WithFrames(Frame("/home/jdoe/app/main.py")), options);

        Assert.That(CrashFrame(description).GetProperty("file").GetString(), Is.EqualTo("/home/jdoe/app/main.py"));
    }

    [Test]
    public void Every_line_of_a_key_block_split_over_source_lines_is_redacted_with_full_context()
    {
        EventDescription description = Describe.Event(Describe.WithFrames(KeyFrame()), Describe.Options(detailed: true));
        JsonElement frame = CrashFrame(description);

        Assert.Multiple(() =>
        {
            Assert.That(Lines(frame, "code_before"), Is.EqualTo(new[] { "key = \"\"\"", "[privatekey]", "[privatekey]", "[privatekey]" }));
            Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo("[privatekey]"));
            Assert.That(Lines(frame, "code_after"), Is.EqualTo(new[] { "[privatekey]", "\"\"\"", "sign(key)" }));
            Assert.That(description.ToJson(), Does.Not.Contain("MIIE").And.Not.Contain("VTLw").And.Not.Contain("LxoF"));
            Assert.That(description.Redactions["PrivateKey"], Is.EqualTo(5));
        });
    }

    [Test]
    public void A_trimmed_code_line_inside_a_key_block_is_redacted_because_of_the_lines_before_it()
    {
        EventDescription description = Describe.Event(Describe.WithFrames(KeyFrame()), Describe.Options(detailed: false));

        Assert.That(CrashFrame(description).GetProperty("code").GetString(), Is.EqualTo("[privatekey]"));
        Assert.That(description.ToJson(), Does.Not.Contain(KeyBody3));
    }

    [Test]
    public void A_key_block_in_the_api_shape_context_pairs_is_redacted_line_by_line()
    {
        var ingestion = JsonNode.Parse(Describe.WithFrames(KeyFrame()))!.AsObject();
        string api = SentryApiShape.AsServed(ingestion).ToJsonString();

        EventDescription trimmed = Describe.Event(api, Describe.Options(detailed: false));
        EventDescription full = Describe.Event(api, Describe.Options(detailed: true));

        Assert.That(CrashFrame(trimmed).GetProperty("code").GetString(), Is.EqualTo("[privatekey]"));
        Assert.That(full.ToJson(), Is.EqualTo(Describe.Event(Describe.WithFrames(KeyFrame()), Describe.Options(detailed: true)).ToJson()));
    }

    [Test]
    public void Lines_after_the_end_of_a_block_and_in_the_next_frame_are_kept()
    {
        string caller = """{"function":"caller","pre_context":["-----BEGIN PRIVATE KEY-----"],"context_line":"still key","post_context":[]}""";
        string crash = """{"function":"crash","pre_context":["ordinary()"],"context_line":"x = 1","post_context":["y = 2"]}""";

        EventDescription description = Describe.Event(Describe.WithFrames(caller, crash), Describe.Options(detailed: true));
        JsonElement[] frames = Describe.Frames(description.ToJsonElement().GetProperty("exceptions")[0]);

        Assert.That(frames[0].GetProperty("code").GetString(), Is.EqualTo("x = 1"));
        Assert.That(Lines(frames[0], "code_before"), Is.EqualTo(new[] { "ordinary()" }));
        Assert.That(frames[1].GetProperty("code").GetString(), Is.EqualTo("[privatekey]"));
    }

    [Test]
    public void With_the_private_key_rule_off_the_lines_are_kept()
    {
        var options = new DescribeOptions { Detailed = true, Scrub = { Rules = ScrubRules.All & ~ScrubRules.PrivateKey } };

        EventDescription description = Describe.Event(Describe.WithFrames(KeyFrame()), options);

        Assert.That(CrashFrame(description).GetProperty("code").GetString(), Is.EqualTo(KeyBody3));
    }

    [Test]
    public async Task The_cli_removes_the_user_name_and_the_key_lines_and_shows_both_redactions()
    {
        string @event = Describe.WithFrames(Frame("/home/jane.doe/app/main.py"), KeyFrame());

        CliRun run = await CliRun.RunAsync(["describe", "--show-redactions", "--detailed", "true"], stdin: @event);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Does.Contain("/home/[user]/app/main.py").And.Not.Contain("jane.doe").And.Not.Contain(KeyBody2));
        Assert.That(run.Stderr, Is.EqualTo("eventai: redacted PrivateKey 5\neventai: redacted UserPath 1\n"));
    }

    private static string Frame(string file) => JsonSerializer.Serialize(new { function = "crash", filename = file, lineno = 3, context_line = "x = 1 / 0" });

    private static string KeyFrame() => JsonSerializer.Serialize(new
    {
        function = "load_key",
        filename = "app/keys.py",
        lineno = 9,
        pre_context = new[] { "key = \"\"\"", "-----BEGIN RSA PRIVATE KEY-----", KeyBody1, KeyBody2 },
        context_line = KeyBody3,
        post_context = new[] { "-----END RSA PRIVATE KEY-----", "\"\"\"", "sign(key)" },
    });

    private static JsonElement CrashFrame(EventDescription description) =>
        Describe.Frames(description.ToJsonElement().GetProperty("exceptions")[0])[0];

    private static string?[] Lines(JsonElement frame, string name) =>
        frame.GetProperty(name).EnumerateArray().Select(line => line.GetString()).ToArray();
}
