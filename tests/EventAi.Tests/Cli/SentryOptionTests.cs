using System.Text;
using System.Text.Json;
using EventAi.Testing;
using EventAi.Tests.Sentry;
using EventAi.Tests.Suggesting;

namespace EventAi.Tests.Cli;

/// <summary><c>eventai describe|suggest|summarize --sentry URL</c> against the local fake Sentry API (and model server).</summary>
public sealed class SentryOptionTests : ModelServerFixture
{
    private FakeSentryServer _sentry = null!;

    [SetUp]
    public async Task StartSentry() => _sentry = await SentryCorpus.StartAsync();

    [TearDown]
    public async Task StopSentry() => await _sentry.DisposeAsync();

    private string SentryServer => _sentry.BaseUrl.ToString().TrimEnd('/');

    private Dictionary<string, string> SentryEnvironment(string? server = null) => new()
    {
        ["SENTRY_AUTH_TOKEN"] = FakeSentryServer.Token,
        ["SENTRY_URL"] = server ?? _sentry.BaseUrl.ToString(),
        ["OPENAI_API_KEY"] = ApiKey,
        ["OPENAI_BASE_URL"] = Server.OpenAiBaseUrl.ToString(),
    };

    // Describes what the fake served, as the CLI must: true for the API shape whichever shapes the describer reads.
    private static string Expected(string eventId) =>
        new EventDescriber().Describe(SentryCorpus.Events().Single(e => e.EventId == eventId).Json).ToJson(indented: true) + "\n";

    [TestCase("/organizations/acme/issues/123/", SentryCorpus.RecommendedId, "java")]
    [TestCase("/organizations/acme/issues/123/events/latest/", SentryCorpus.LatestId, "cocoa")]
    [TestCase("/organizations/acme/issues/123/events/" + SentryCorpus.OldestId + "/", SentryCorpus.OldestId, "ruby")]
    [TestCase("/organizations/acme/projects/backend/events/" + SentryCorpus.OldestId + "/", SentryCorpus.OldestId, "ruby")]
    public async Task Describe_prints_the_description_of_the_event_the_url_shows(string path, string eventId, string language)
    {
        CliRun run = await CliRun.RunAsync(["describe", "--sentry", SentryServer + path], environment: SentryEnvironment());

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Is.EqualTo(Expected(eventId)));
        Assert.That(JsonDocument.Parse(run.Stdout).RootElement.GetProperty("language").GetString(), Is.EqualTo(language));
        Assert.That(_sentry.Requests.Single().Authorization, Is.EqualTo("Bearer " + FakeSentryServer.Token));
        Assert.That(run.Stderr, Is.Empty);
    }

    [Test]
    public async Task A_customer_domain_url_reads_the_organization_from_the_host()
    {
        int port = _sentry.BaseUrl.Port;

        CliRun run = await CliRun.RunAsync(
            ["describe", "--sentry", $"http://acme.localhost:{port}/issues/123/events/latest/"], environment: SentryEnvironment($"http://localhost:{port}/"));

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Is.EqualTo(Expected(SentryCorpus.LatestId)));
        Assert.That(_sentry.Requests.Single().Path, Is.EqualTo("/api/0/organizations/acme/issues/123/events/latest/"));
    }

    [Test]
    public async Task Suggest_streams_the_answer_for_the_sentry_event()
    {
        Server.Enqueue(ModelReply.Stream("Check ", "the token."));

        CliRun run = await CliRun.RunAsync(["suggest", "--sentry", SentryServer + "/organizations/acme/issues/123/"], environment: SentryEnvironment());

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Is.EqualTo("Check the token.\n"));
        string userMessage = Server.Requests.Single().Json.GetProperty("messages")[1].GetProperty("content").GetString()!;
        Assert.That(userMessage, Does.Contain("\"language\":\"java\""));
    }

    [Test]
    public async Task Summarize_json_summarizes_the_sentry_event()
    {
        Server.Enqueue(ModelReply.Stream("""
            {"headline":"Token expired","whats_wrong":"Auth failed.","trace":"login()","possible_cause":"Old token.","confidence":0.5,"next_step":"Renew it."}
            """));

        CliRun run = await CliRun.RunAsync(["summarize", "--json", "--sentry", SentryServer + "/organizations/acme/issues/123/"], environment: SentryEnvironment());

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(JsonDocument.Parse(run.Stdout).RootElement.GetProperty("headline").GetString(), Is.EqualTo("Token expired"));
    }

    [TestCase("https://acme.sentry.io/")]
    [TestCase("acme/issues/123")]
    [TestCase("https://acme.sentry.io/discover/results/")]
    public async Task A_url_it_cannot_read_is_a_usage_error_naming_the_accepted_forms(string url)
    {
        CliRun run = await CliRun.RunAsync(["describe", "--sentry", url], environment: SentryEnvironment());

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("not a Sentry issue or event URL").And.Contain("ORG.sentry.io/issues/ISSUE/").And.Contain("/organizations/ORG/issues/ISSUE/"));
        Assert.That(_sentry.Requests, Is.Empty);
    }

    [Test]
    public async Task Without_a_token_it_is_a_usage_error_naming_the_variable()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--sentry", SentryServer + "/organizations/acme/issues/123/"], environment: new Dictionary<string, string>());

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("SENTRY_AUTH_TOKEN").And.Contain("event:read"));
        Assert.That(_sentry.Requests, Is.Empty);
    }

    [Test]
    public async Task A_url_on_another_server_is_a_usage_error_naming_sentry_url()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--sentry", "https://sentry.example.com/organizations/acme/issues/123/"], environment: SentryEnvironment());

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("sentry.example.com").And.Contain("SENTRY_URL"));
        Assert.That(_sentry.Requests, Is.Empty);
    }

    [Test]
    public async Task File_and_sentry_together_is_a_usage_error()
    {
        CliRun run = await CliRun.RunAsync(["describe", "event.json", "--sentry", SentryServer + "/organizations/acme/issues/123/"], environment: SentryEnvironment());

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("either FILE or --sentry"));
    }

    [TestCase(401, "401")]
    [TestCase(403, "403")]
    [TestCase(404, "404")]
    [TestCase(429, "retry after 7 s")]
    [TestCase(500, "500")]
    public async Task A_failed_request_exits_4_with_the_reason_and_never_the_token(int status, string expected)
    {
        _sentry.ReplyNext(status, "scripted failure", new Dictionary<string, string> { ["Retry-After"] = "7" });

        CliRun run = await CliRun.RunAsync(["describe", "--sentry", SentryServer + "/organizations/acme/issues/123/"], environment: SentryEnvironment());

        Assert.That(run.ExitCode, Is.EqualTo(4));
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.StartWith("eventai: sentry: ").And.Contain(expected).And.Not.Contain(FakeSentryServer.Token));
    }

    [Test]
    public async Task An_html_answer_exits_4()
    {
        _sentry.ReplyNextRaw(200, "text/html", "<html>Sign in</html>");

        CliRun run = await CliRun.RunAsync(["describe", "--sentry", SentryServer + "/organizations/acme/issues/123/"], environment: SentryEnvironment());

        Assert.That(run.ExitCode, Is.EqualTo(4));
        Assert.That(run.Stderr, Does.Contain("text/html"));
    }

    [Test]
    public async Task Help_lists_the_option_and_the_variables()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--help"]);

        Assert.That(run.ExitCode, Is.Zero);
        string help = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(run.Stdout));
        Assert.That(help, Does.Contain("--sentry <URL>").And.Contain("SENTRY_AUTH_TOKEN").And.Contain("SENTRY_URL"));
    }
}
