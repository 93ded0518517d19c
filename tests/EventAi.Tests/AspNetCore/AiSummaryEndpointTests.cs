using System.Net;
using System.Text;
using System.Text.Json;
using EventAi.AspNetCore;
using EventAi.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.Tests.AspNetCore;

/// <summary><c>GET .../events/{eventId}/ai-summary</c> on a real Kestrel host with the fake model server.</summary>
[CancelAfter(60_000)]
public sealed class AiSummaryEndpointTests : EndpointFixture
{
    private const string Answer = """
        {"headline":"ZeroDivisionError in divide()","whats_wrong":"divide() divided by zero.","trace":"main() called divide().",
         "possible_cause":"b is 0.","confidence":0.75,"next_step":"Check b first."}
        """;

    [Test]
    public async Task A_summary_is_json_with_the_snake_case_fields()
    {
        Server.DefaultReply = ModelReply.Stream(Answer);
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(SummaryPath());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.EnumerateObject().Select(p => p.Name),
            Is.EqualTo(new[] { "headline", "whats_wrong", "trace", "possible_cause", "confidence", "next_step" }));
        Assert.That(body.RootElement.GetProperty("headline").GetString(), Is.EqualTo("ZeroDivisionError in divide()"));
        Assert.That(body.RootElement.GetProperty("confidence").GetDouble(), Is.EqualTo(0.75));
        Assert.That(Server.Requests.Single().Json.GetProperty("response_format").GetProperty("type").GetString(), Is.EqualTo("json_schema"));
    }

    [Test]
    public async Task A_cached_summary_never_opens_the_event_and_is_apart_from_the_suggestion()
    {
        Server.DefaultReply = ModelReply.Stream(Answer);
        var store = new OpeningCounter(Encoding.UTF8.GetBytes(EventJson));
        HttpClient client = await StartHostAsync(events: store);

        string first = await client.GetStringAsync(SummaryPath("evt-1"));
        string second = await client.GetStringAsync(SummaryPath("evt-2"));
        string fix = await client.GetStringAsync(Path("evt-1"));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(store.Opened, Is.EqualTo(2), "the summary and the fix of the group each read the event once; the cached summary did not");
        Assert.That(Server.Requests, Has.Count.EqualTo(2));
        Assert.That(JsonDocument.Parse(fix).RootElement.GetProperty("suggestion").GetString(), Is.EqualTo(Answer));
    }

    [Test]
    public async Task Without_credentials_or_for_an_unknown_event_the_summary_is_404()
    {
        HttpClient unconfigured = await StartHostAsync(withCredentials: false);
        HttpClient configured = await StartHostAsync();

        using HttpResponseMessage noModel = await unconfigured.GetAsync(SummaryPath());
        using HttpResponseMessage unknown = await configured.GetAsync(SummaryPath("nope"));

        Assert.That(noModel.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task A_restricted_caller_gets_403_with_the_restriction()
    {
        HttpClient client = await StartHostAsync(services: services => services.AddSingleton<IOpenAiPolicyCheck>(new Subprocessor()));

        using HttpResponseMessage response = await client.GetAsync(SummaryPath());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("restriction").GetString(),
            Is.EqualTo(OpenAiPolicyNames.Subprocessor));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task A_model_rate_limit_is_429_with_retry_after_and_the_service_error()
    {
        Server.Enqueue(ModelReply.Error(429, "Rate limit reached", "rate_limit_exceeded", retryAfter: "7"));
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(SummaryPath());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString(),
            Is.EqualTo("Rate limit reached"));
    }

    [Test]
    public async Task An_unreadable_answer_twice_is_502_without_the_answer_and_logged_once()
    {
        Server.DefaultReply = ModelReply.Stream("I will not answer in JSON.");
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(SummaryPath());
        string body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), Does.Contain("summary could not be read"));
        Assert.That(body, Does.Not.Contain("I will not answer"));
        Assert.That(Logs(client).Count(r => r.Message.Contains("summarizing event evt-1", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task An_unreachable_model_service_is_502_without_its_address()
    {
        HttpClient client = await StartHostAsync(configure: options => options.ModelService = new ModelServiceOptions
        {
            ApiKey = ApiKey,
            Endpoint = new Uri("http://127.0.0.1:9/v1/"),
            MaxRetries = 0,
        });

        using HttpResponseMessage response = await client.GetAsync(SummaryPath());
        string body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(body, Does.Contain("Could not connect to the model service").And.Not.Contain("127.0.0.1"));
    }

    [Test]
    public async Task An_event_above_the_limit_is_413()
    {
        byte[] large = Encoding.UTF8.GetBytes("""{"message":" """ + new string('x', 2 * 1024 * 1024) + "\"}");
        HttpClient client = await StartHostAsync(events: new InMemoryEventSource(new() { ["big"] = new StoredEvent(large, "big-issue") }));

        using HttpResponseMessage response = await client.GetAsync(SummaryPath("big"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task Summaries_and_fixes_share_one_rate_limit_per_caller()
    {
        Server.DefaultReply = ModelReply.Stream(Answer);
        HttpClient client = await StartHostAsync(requestsPerSecond: 2);

        using HttpResponseMessage fix = await client.GetAsync(Path());
        using HttpResponseMessage summary = await client.GetAsync(SummaryPath());
        using HttpResponseMessage third = await client.GetAsync(SummaryPath("evt-3"));

        Assert.That(fix.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(summary.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(third.Headers.RetryAfter, Is.Not.Null);
    }

    private sealed class Subprocessor : IOpenAiPolicyCheck
    {
        public ValueTask<string?> GetPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<string?>(OpenAiPolicyNames.Subprocessor);
    }

    private sealed class OpeningCounter(byte[] json) : IEventSource
    {
        private int _opened;

        public int Opened => Volatile.Read(ref _opened);

        public ValueTask<StoredEvent?> FindAsync(HttpContext context, string eventId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<StoredEvent?>(new StoredEvent("issue-1", _ =>
            {
                Interlocked.Increment(ref _opened);
                return ValueTask.FromResult<Stream>(new MemoryStream(json, writable: false));
            }));
    }
}
