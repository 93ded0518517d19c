using System.Text.Json;
using EventAi.Testing;
using EventAi.Tests.Suggesting;

namespace EventAi.Tests.Cli;

/// <summary><c>eventai summarize</c> against the local model server.</summary>
public sealed class SummarizeCommandTests : ModelServerFixture
{
    private const string Answer = """
        {"headline":"ZeroDivisionError in divide()","whats_wrong":"divide() divided by zero.","trace":"main() called divide().",
         "possible_cause":"b is 0.","confidence":0.75,"next_step":"Check b first."}
        """;

    private Dictionary<string, string> OpenAiEnvironment => new()
    {
        ["OPENAI_API_KEY"] = ApiKey,
        ["OPENAI_BASE_URL"] = Server.OpenAiBaseUrl.ToString(),
    };

    [Test]
    public async Task Summarize_prints_a_readable_block()
    {
        Server.Enqueue(ModelReply.Stream(Answer));

        CliRun run = await CliRun.RunAsync(["summarize"], EventJson, OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Is.EqualTo(
            "ZeroDivisionError in divide()\n" +
            "=============================\n\n" +
            "What's wrong:   divide() divided by zero.\n" +
            "Trace:          main() called divide().\n" +
            "Possible cause: b is 0. (confidence 75%)\n" +
            "Next step:      Check b first.\n"));
        Assert.That(run.Stderr, Is.Empty);
    }

    [Test]
    public async Task Summarize_json_prints_the_object_with_snake_case_keys()
    {
        Server.Enqueue(ModelReply.Stream(Answer));

        CliRun run = await CliRun.RunAsync(["summarize", "--json", "--model", "gpt-4.1"], EventJson, OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        using JsonDocument printed = JsonDocument.Parse(run.Stdout);
        Assert.That(printed.RootElement.EnumerateObject().Select(p => p.Name),
            Is.EqualTo(new[] { "headline", "whats_wrong", "trace", "possible_cause", "confidence", "next_step" }));
        Assert.That(printed.RootElement.GetProperty("confidence").GetDouble(), Is.EqualTo(0.75));
        Assert.That(Server.Requests.Single().Json.GetProperty("model").GetString(), Is.EqualTo("gpt-4.1"));
    }

    [Test]
    public async Task An_unreadable_answer_twice_exits_3_without_the_raw_text_on_stderr()
    {
        Server.DefaultReply = ModelReply.Stream("I cannot do that, but here is a poem.");

        CliRun run = await CliRun.RunAsync(["summarize"], EventJson, OpenAiEnvironment);

        Assert.That(run.ExitCode, Is.EqualTo(3));
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("summary could not be read").And.Not.Contain("poem"));
    }

    [Test]
    public async Task Without_credentials_summarize_is_a_usage_error()
    {
        CliRun run = await CliRun.RunAsync(["summarize"], EventJson, new Dictionary<string, string>());

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("OPENAI_API_KEY"));
    }
}
