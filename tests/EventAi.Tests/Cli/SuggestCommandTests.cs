using EventAi.Testing;
using EventAi.Tests.Suggesting;

namespace EventAi.Tests.Cli;

/// <summary>SPEC §7: <c>eventai suggest</c> against the local model server.</summary>
public sealed class SuggestCommandTests : ModelServerFixture
{
    private Dictionary<string, string> OpenAiEnvironment => new()
    {
        ["OPENAI_API_KEY"] = ApiKey,
        ["OPENAI_BASE_URL"] = Server.OpenAiBaseUrl.ToString(),
    };

    [Test]
    public async Task Suggest_streams_the_answer_to_stdout()
    {
        Server.Enqueue(ModelReply.Stream("## Fix\n", "Check `b` before dividing."));

        CliRun run = await CliRun.RunAsync(["suggest", "--model", "gpt-4o", "--tone", "professional"], EventJson, OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Is.EqualTo("## Fix\nCheck `b` before dividing.\n"));
        Assert.That(run.Stderr, Is.Empty);
        Assert.That(Server.Requests.Single().Json.GetProperty("model").GetString(), Is.EqualTo("gpt-4o"));
        Assert.That(Server.Requests.Single().Json.GetProperty("messages")[0].GetProperty("content").GetString(), Does.Contain("without jokes or emojis"));
    }

    [Test]
    public async Task Suggest_sends_scrubbed_text_unless_told_not_to()
    {
        const string Secret = """{"exception":[{"type":"E","value":"mail bob@example.com"}]}""";

        await CliRun.RunAsync(["suggest"], Secret, OpenAiEnvironment);
        await CliRun.RunAsync(["suggest", "--no-scrub"], Secret, OpenAiEnvironment);

        string[] userMessages = Server.Requests.Select(r => r.Json.GetProperty("messages")[1].GetProperty("content").GetString()!).ToArray();
        Assert.That(userMessages[0], Does.Contain("mail [email]").And.Not.Contain("bob@example.com"));
        Assert.That(userMessages[1], Does.Contain("mail bob@example.com"));
    }

    [Test]
    public async Task Endpoint_flag_overrides_the_base_url()
    {
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = ApiKey, ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1/" };

        CliRun run = await CliRun.RunAsync(["suggest", "--endpoint", Server.OpenAiBaseUrl.ToString()], EventJson, environment);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Azure_credentials_from_the_environment_use_the_deployment()
    {
        var environment = new Dictionary<string, string>
        {
            ["AZURE_OPENAI_ENDPOINT"] = Server.BaseUrl.ToString(),
            ["AZURE_OPENAI_API_KEY"] = ApiKey,
        };

        CliRun run = await CliRun.RunAsync(["suggest", "--deployment", "team-gpt4o", "--model", "gpt-4o"], EventJson, environment);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(Server.Requests.Single().Path, Is.EqualTo("/openai/deployments/team-gpt4o/chat/completions"));
        Assert.That(Server.Requests.Single().Header("api-key"), Is.EqualTo(ApiKey));
    }

    [Test]
    public async Task No_credentials_is_a_clear_usage_error()
    {
        CliRun run = await CliRun.RunAsync(["suggest"], EventJson, new Dictionary<string, string>());

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("no model credentials").And.Contain("OPENAI_API_KEY").And.Contain("AZURE_OPENAI_API_KEY"));
    }

    [Test]
    public async Task A_service_failure_exits_3_with_the_status_and_never_the_key()
    {
        Server.DefaultReply = ModelReply.Error(429, "Rate limit reached", "rate_limit_exceeded", retryAfter: "12");

        CliRun run = await CliRun.RunAsync(["suggest"], EventJson, OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.EqualTo(3));
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("429").And.Contain("Rate limit reached").And.Contain("Retry after 12 s"));
        Assert.That(run.Stderr, Does.Not.Contain(ApiKey));
    }

    [Test]
    public async Task Bad_input_exits_1_before_calling_the_service()
    {
        CliRun run = await CliRun.RunAsync(["suggest"], "{oops", OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain("<stdin>").And.Contain("line 1"));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task Ctrl_c_mid_stream_exits_130()
    {
        using var cancellation = new CancellationTokenSource();
        var hold = new TaskCompletionSource();
        Server.Enqueue(ModelReply.Stream("partial", "rest") with
        {
            BeforeChunk = async (index, cancellationToken) =>
            {
                if (index == 1)
                {
                    // Ctrl+C arrives while the model is still answering, after the first chunk was printed.
                    cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));
                    await hold.Task.WaitAsync(cancellationToken);
                }
            },
        });

        CliRun run = await CliRun.RunAsync(["suggest"], EventJson, OpenAiEnvironment, cancellation.Token);

        Assert.That(run.ExitCode, Is.EqualTo(130));
        Assert.That(run.Stdout, Is.EqualTo("partial"));
    }

    [Test]
    public async Task Help_for_suggest_lists_its_options_and_the_environment()
    {
        CliRun run = await CliRun.RunAsync(["suggest", "--help"]);

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Stdout, Does.Contain("--model").And.Contain("--tone").And.Contain("--endpoint").And.Contain("--deployment")
            .And.Contain("OPENAI_API_KEY").And.Contain("AZURE_OPENAI_ENDPOINT"));
    }
}
