using System.Diagnostics;
using System.Text.Json;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Cli;

/// <summary>SPEC §7: <c>eventai describe</c>, its options, its exit codes and its streams.</summary>
public sealed class DescribeCommandTests
{
    private const string Event = """
        {"platform":"python","exception":{"values":[{"type":"ZeroDivisionError","value":"division by zéro",
          "stacktrace":{"frames":[
            {"function":"main","context_line":"  run()","pre_context":["a"]},
            {"function":"run","context_line":"  divide()","pre_context":["b"]},
            {"function":"divide","context_line":"  1/0","pre_context":["c"]}]}}]}}
        """;

    private static string SampleEvent => Path.Combine(RepoPaths.Root, "samples", "events", "python-zero-division.json");

    [Test]
    public async Task Describe_prints_the_indented_description_of_a_file()
    {
        CliRun run = await CliRun.RunAsync(["describe", SampleEvent]);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stderr, Is.Empty);
        string expected = new EventDescriber().Describe(File.ReadAllBytes(SampleEvent)).ToJson(indented: true) + "\n";
        Assert.That(run.Stdout, Is.EqualTo(expected));
    }

    [Test]
    public async Task Describe_reads_standard_input_by_default_and_for_a_dash()
    {
        CliRun byDefault = await CliRun.RunAsync(["describe"], stdin: Event);
        CliRun withDash = await CliRun.RunAsync(["describe", "-"], stdin: Event);

        Assert.That(byDefault.ExitCode, Is.Zero, byDefault.Stderr);
        Assert.That(withDash.Stdout, Is.EqualTo(byDefault.Stdout));
        Assert.That(byDefault.Stdout, Does.StartWith("{\n  \"language\": \"python\",").And.Contain("division by zéro"));
    }

    [Test]
    public async Task Max_frames_and_max_exceptions_are_passed_on()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--max-frames", "1", "--max-exceptions", "1"], stdin: Event);

        JsonElement description = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.That(description.GetProperty("exceptions")[0].GetProperty("stacktrace").GetArrayLength(), Is.EqualTo(1));
    }

    [TestCase("--detailed", "true", true)]
    [TestCase("--detailed", "false", false)]
    [TestCase("--model", "gpt-4o", true)]
    [TestCase("--model", "gpt-3.5-turbo", false)]
    public async Task Detailed_follows_the_flag_or_the_model(string option, string value, bool detailed)
    {
        CliRun run = await CliRun.RunAsync(["describe", option, value], stdin: Event);

        JsonElement secondFrame = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("exceptions")[0].GetProperty("stacktrace")[1];
        Assert.That(secondFrame.TryGetProperty("code_before", out _), Is.EqualTo(detailed));
    }

    [Test]
    public async Task Describe_scrubs_by_default_and_not_with_no_scrub()
    {
        const string Secret = """{"exception":[{"type":"E","value":"mail bob@example.com from 10.0.0.7"}]}""";

        CliRun scrubbed = await CliRun.RunAsync(["describe"], stdin: Secret);
        CliRun raw = await CliRun.RunAsync(["describe", "--no-scrub"], stdin: Secret);

        Assert.That(scrubbed.Stdout, Does.Contain("mail [email] from [ip]"));
        Assert.That(raw.Stdout, Does.Contain("mail bob@example.com from 10.0.0.7"));
    }

    [Test]
    public async Task Show_redactions_prints_each_rule_and_count_to_stderr()
    {
        const string Secret = """{"exception":[{"type":"E","value":"mail bob@example.com and alice@example.com from 10.0.0.7"}]}""";

        CliRun run = await CliRun.RunAsync(["describe", "--show-redactions"], stdin: Secret);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stderr, Is.EqualTo("eventai: redacted Email 2\neventai: redacted IpAddress 1\n"));
        Assert.That(run.Stdout, Does.Contain("mail [email] and [email] from [ip]"));
    }

    [Test]
    public async Task Show_redactions_says_when_nothing_was_removed()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--show-redactions"], stdin: Event);

        Assert.That(run.Stderr, Is.EqualTo("eventai: redacted nothing\n"));
    }

    [Test]
    public async Task Tokens_prints_the_count_of_the_compact_description_to_stderr()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--tokens", "--model", "gpt-4"], stdin: Event);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        string compact = new EventDescriber(new DescribeOptions { Model = "gpt-4" }).Describe(System.Text.Encoding.UTF8.GetBytes(Event)).ToJson();
        int expected = TokenCounter.CountTokens(compact, "gpt-4");
        Assert.That(run.Stderr, Is.EqualTo($"eventai: {expected} tokens (cl100k_base)\n"));
        Assert.That(run.Stdout, Does.StartWith("{"));
    }

    [Test]
    public async Task Max_tokens_reduces_the_description_to_fit()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--max-tokens", "60", "--detailed", "true"], stdin: Event);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        string compact = JsonSerializer.Serialize(
            JsonDocument.Parse(run.Stdout).RootElement, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.That(TokenCounter.CountTokens(compact, null), Is.LessThanOrEqualTo(60));
    }

    [Test]
    public async Task A_budget_that_cannot_be_met_exits_1_with_the_numbers()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--max-tokens", "5"], stdin: Event);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("--max-tokens 5").And.Contain("at least"));
    }

    [Test]
    public async Task The_text_of_a_dotnet_exception_is_described_too()
    {
        const string Trace = """
            System.InvalidOperationException: Sequence contains no elements
               at System.Linq.ThrowHelper.ThrowNoElementsException()
               at Shop.Orders.PricingService.Cheapest(IEnumerable`1 offers) in /src/Shop/Orders/PricingService.cs:line 41
            """;

        CliRun run = await CliRun.RunAsync(["describe"], stdin: Trace);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        JsonElement exception = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("exceptions")[0];
        Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("System.InvalidOperationException"));
        Assert.That(exception.GetProperty("stacktrace")[1].GetProperty("func").GetString(), Is.EqualTo("Cheapest"));
        Assert.That(exception.GetProperty("stacktrace")[1].GetProperty("in_app").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Invalid_json_exits_1_naming_the_file_and_position()
    {
        string path = Path.Combine(Path.GetTempPath(), $"eventai-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{\n  \"a\": [1,]\n}");
        try
        {
            CliRun run = await CliRun.RunAsync(["describe", path]);

            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Stdout, Is.Empty);
            Assert.That(run.Stderr, Does.StartWith($"eventai: {path}: ").And.Contain("line 2, byte"));
            Assert.That(run.Stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("ruby.json", 23)]
    [TestCase("invalid-interfaces.json", 96)]
    public async Task Malformed_corpus_originals_exit_1_with_their_line(string name, int line)
    {
        string path = SharedCorpus.InvalidPath(name);

        CliRun run = await CliRun.RunAsync(["describe", path]);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain(path).And.Contain($"line {line}, byte"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public async Task A_root_that_is_not_an_object_exits_1()
    {
        CliRun run = await CliRun.RunAsync(["describe"], stdin: "[1, 2]");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain("<stdin>").And.Contain("not a JSON object"));
    }

    [Test]
    public async Task A_missing_file_exits_1_naming_it()
    {
        CliRun run = await CliRun.RunAsync(["describe", "/no/such/event.json"]);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Is.EqualTo("eventai: /no/such/event.json: file not found\n"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [TestCase("describe", "--max-frames", "-1")]
    [TestCase("describe", "--max-frames", "many")]
    [TestCase("describe", "--no-such-option")]
    [TestCase("describe", "--detailed", "maybe")]
    [TestCase("frobnicate")]
    public async Task Usage_errors_exit_2_with_a_message_on_stderr(params string[] args)
    {
        CliRun run = await CliRun.RunAsync(args, stdin: Event);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.StartWith("eventai: ").And.Contain("--help"));
    }

    [Test]
    public async Task No_command_is_a_usage_error()
    {
        Assert.That((await CliRun.RunAsync([])).ExitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task Help_lists_every_option_of_describe()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--help"]);

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Stdout, Does.Contain("eventai describe").And.Contain("--model").And.Contain("--detailed")
            .And.Contain("--max-frames").And.Contain("--max-exceptions").And.Contain("FILE"));
    }

    [Test]
    public async Task Top_level_help_names_the_environment_variables()
    {
        CliRun run = await CliRun.RunAsync(["--help"]);

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Stdout, Does.Contain("OPENAI_API_KEY").And.Contain("OPENAI_BASE_URL")
            .And.Contain("AZURE_OPENAI_ENDPOINT").And.Contain("AZURE_OPENAI_API_KEY").And.Contain("describe"));
    }

    [Test]
    public async Task The_built_tool_runs_as_a_process_with_standard_streams()
    {
        (int exitCode, string stdout, string stderr) = await RunToolAsync(Event, "describe", "-");

        Assert.That(exitCode, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("\"type\": \"ZeroDivisionError\"").And.Contain("division by zéro"));
        Assert.That(stderr, Is.Empty);
    }

    [Test]
    public async Task The_built_tool_exits_1_for_bad_input()
    {
        (int exitCode, string stdout, string stderr) = await RunToolAsync("not json", "describe", "-");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.StartWith("eventai: <stdin>: The event is not valid JSON"));
    }

    /// <summary>Runs the built tool as its own process, as a shell would.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToolAsync(string stdin, params string[] args)
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "EventAi.Cli.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", tool, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using Process process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, stdout, stderr);
    }
}
