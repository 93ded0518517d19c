using EventAi.Testing;
using EventAi.Tests.Suggesting;

namespace EventAi.Tests.Cli;

/// <summary>The CLI's error messages say what is wrong in the user's terms: one line, the flag or file named.</summary>
public sealed class CliMessageTests : ModelServerFixture
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(_folder = Path.Combine(Path.GetTempPath(), $"eventai-cli-{Guid.NewGuid():N}"));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_directory_is_named_as_a_directory()
    {
        CliRun run = await CliRun.RunAsync(["suggest", _folder], environment: OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Is.EqualTo($"eventai: {_folder}: is a directory, not an event file\n"));
    }

    [Test]
    public async Task Describe_of_a_directory_without_events_says_so()
    {
        CliRun run = await CliRun.RunAsync(["describe", _folder]);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Is.EqualTo(
            $"eventai: {_folder}: is a directory without .json files\neventai: 1 of 1 files failed (see their \"error\" lines).\n"));
    }

    [TestCase("")]
    [TestCase(" \n\t\r\n")]
    [TestCase("\uFEFF")]
    public async Task An_empty_file_is_named_as_empty(string content)
    {
        string path = Path.Combine(_folder, "event.json");
        await File.WriteAllTextAsync(path, content);

        CliRun run = await CliRun.RunAsync(["describe", path]);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Is.EqualTo($"eventai: {path}: the file is empty\n"));
    }

    [Test]
    public async Task Empty_standard_input_is_named_as_empty()
    {
        CliRun run = await CliRun.RunAsync(["describe"], stdin: "");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Is.EqualTo("eventai: <stdin>: standard input is empty\n"));
    }

    [Test]
    public async Task A_budget_that_cannot_be_met_names_the_max_tokens_flag()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--max-tokens", "5"], stdin: EventJson);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Match(@"^eventai: <stdin>: the description needs at least \d+ tokens, more than --max-tokens 5 allows\.\n$"));
        Assert.That(run.Stderr, Does.Not.Contain("DescribeOptions"));
    }

    [Test]
    public async Task Suggest_names_the_max_tokens_flag_too()
    {
        CliRun run = await CliRun.RunAsync(["suggest", "--max-tokens", "5"], EventJson, OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain("--max-tokens 5").And.Not.Contain("DescribeOptions"));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task A_detailed_value_that_is_not_true_or_false_is_one_clear_error()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--detailed", "maybe", "event.json"]);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Is.EqualTo("eventai: --detailed must be true or false, not 'maybe'.\nRun 'eventai --help' for usage.\n"));
    }

    [TestCase("true", true)]
    [TestCase("false", false)]
    [TestCase("False", false)]
    public async Task Detailed_true_or_false_still_works_before_the_file(string value, bool detailed)
    {
        string path = Path.Combine(_folder, "event.json");
        await File.WriteAllTextAsync(path, """
            {"exception":{"values":[{"type":"E","stacktrace":{"frames":[
              {"function":"a","context_line":"a()","pre_context":["x"]},{"function":"b","context_line":"b()","pre_context":["y"]}]}}]}}
            """);

        CliRun run = await CliRun.RunAsync(["describe", "--detailed", value, path]);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout.Split("code_before").Length - 1, Is.EqualTo(detailed ? 2 : 1));
    }

    [TestCase("1", "Retry after 1 s.")]
    [TestCase("30", "Retry after 30 s.")]
    public async Task A_rate_limit_reads_as_sentences(string retryAfter, string retry)
    {
        Server.DefaultReply = ModelReply.Error(429, "Rate limit reached", "rate_limit_exceeded", retryAfter);

        CliRun run = await CliRun.RunAsync(["suggest"], EventJson, OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.EqualTo(3));
        Assert.That(run.Stderr, Is.EqualTo($"eventai: model service failed: The model service answered 429: Rate limit reached. {retry}\n"));
    }

    [Test]
    public async Task A_service_message_that_ends_a_sentence_gets_no_second_full_stop()
    {
        Server.DefaultReply = ModelReply.Error(400, "Unsupported parameter: 'temperature'.", "invalid_request_error");

        CliRun run = await CliRun.RunAsync(["suggest"], EventJson, OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.EqualTo(3));
        Assert.That(run.Stderr, Does.EndWith("Unsupported parameter: 'temperature'.\n"));
    }

    [Test]
    public async Task An_azure_endpoint_without_a_key_says_the_key_is_missing()
    {
        var environment = new Dictionary<string, string> { ["AZURE_OPENAI_ENDPOINT"] = Server.BaseUrl.ToString() };

        CliRun run = await CliRun.RunAsync(["suggest"], EventJson, environment);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.StartWith("eventai: AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_API_KEY is not").And.Not.Contain("no model credentials"));
        Assert.That(Server.Requests, Is.Empty);
    }

    [TestCase("describe")]
    [TestCase("suggest")]
    public async Task Help_shows_each_default_once(string command)
    {
        CliRun run = await CliRun.RunAsync([command, "--help"]);

        string[] lines = run.Stdout.Split('\n');
        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(lines.Where(l => l.TrimStart().StartsWith("--", StringComparison.Ordinal) || l.TrimStart().StartsWith('<')),
            Has.None.Matches<string>(l => l.Contains("Default ", StringComparison.Ordinal) && l.Contains("[default:", StringComparison.Ordinal)));
        if (command == "describe")
        {
            Assert.That(run.Stdout, Does.Contain("The most frames per stack trace. [default: 15]"));
        }
    }

    private Dictionary<string, string> OpenAiEnvironment => new()
    {
        ["OPENAI_API_KEY"] = ApiKey,
        ["OPENAI_BASE_URL"] = Server.OpenAiBaseUrl.ToString(),
    };
}
