using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EventAi.AspNetCore;
using EventAi.Testing;
using EventAi.Tests.Hosting;
using EventAi.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EventAi.Tests.AspNetCore;

/// <summary>
/// Model and cache failures as the caller and the host's log see them: 502 JSON without internal
/// addresses, one warning per failed model call, and a Redis outage that costs nothing per request.
/// </summary>
[CancelAfter(120_000)]
public sealed class ModelFailureTests : EndpointFixture
{
    [TestCase("")]
    [TestCase("?stream=yes")]
    public async Task An_unreachable_model_service_answers_502_json_without_its_address(string query)
    {
        int closedPort = ClosedPort();
        HttpClient client = await StartHostAsync(configure: options =>
        {
            options.ModelService.Endpoint = new Uri($"http://127.0.0.1:{closedPort}/v1/");
            options.ModelService.MaxRetries = 0;
        });

        using HttpResponseMessage response = await client.GetAsync(Path(query: query));
        string body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), Is.EqualTo("Could not connect to the model service."));
        Assert.That(body, Does.Not.Contain("127.0.0.1").And.Not.Contain(closedPort.ToString(CultureInfo.InvariantCulture)));
        FakeLogRecord warning = ModelWarnings(client).Single();
        Assert.That(warning.Message, Does.Contain($"127.0.0.1:{closedPort}").And.Contain("no answer").And.Contain("evt-1").And.Contain("issue-1"));
    }

    [TestCase("")]
    [TestCase("?stream=yes")]
    public async Task A_model_error_answers_502_with_its_status_and_message_and_logs_one_warning(string query)
    {
        Server.DefaultReply = ModelReply.Error(500, "The server had an error while processing your request.");
        HttpClient client = await StartHostAsync(configure: options => options.ModelService.MaxRetries = 0);

        using HttpResponseMessage response = await client.GetAsync(Path(query: query));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(),
            Is.EqualTo("The model service answered 500: The server had an error while processing your request."));
        IReadOnlyList<FakeLogRecord> logs = Logs(client);
        FakeLogRecord warning = ModelWarnings(client).Single();
        Assert.That(warning.Message, Is.EqualTo($"The model service at {Server.BaseUrl.Authority} failed (500) for event evt-1 in group issue-1."));
        Assert.That(logs.Select(r => r.Message), Has.None.Contains(ApiKey).And.None.Contains("division by zero").And.None.Contains("ZeroDivisionError"));
    }

    [Test]
    public async Task Concurrent_viewers_of_one_failed_call_log_it_once()
    {
        Server.DefaultReply = ModelReply.Stream("never") with { DropAfter = 0, BeforeChunk = (_, token) => Task.Delay(300, token) };
        HttpClient client = await StartHostAsync(configure: options => options.ModelService.MaxRetries = 0);

        HttpStatusCode[] statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using HttpResponseMessage response = await client.GetAsync(Path(i % 2 == 0 ? "evt-1" : "evt-2", "?stream=yes"));
            return response.StatusCode;
        }));

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(ModelWarnings(client), Has.Count.EqualTo(Server.Requests.Count), "one warning per model call");
        Assert.That(Server.Requests.Count, Is.LessThan(6), "viewers shared calls");
    }

    [Test]
    public async Task With_redis_down_a_miss_waits_for_redis_once_and_then_never_again()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        HttpClient client = await StartHostAsync(services: services => redis.AddTo(services), events: new EveryIdIsAnIssue(Encoding.UTF8.GetBytes(EventJson)));
        await client.GetStringAsync(Path("warm-up"));
        await redis.StopAsync();

        var opening = Stopwatch.StartNew();
        await DrainAsync(client, "first-miss");
        opening.Stop();
        var misses = new List<TimeSpan>();
        for (int i = 0; i < 4; i++)
        {
            var clock = Stopwatch.StartNew();
            using HttpResponseMessage response = await client.GetAsync(Path("miss-" + i, "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
            misses.Add(clock.Elapsed);
            Assert.That(Sse.Types(await Sse.ReadAllAsync(response))[^1], Is.EqualTo("done"));
        }

        // Redis's timeout here is 2 s: a miss that asked it would take that long before its headers.
        Assert.That(misses, Is.All.LessThan(TimeSpan.FromSeconds(1)), $"the first miss took {opening.Elapsed}");
        Assert.That(Logs(client).Count(r => r.Level == LogLevel.Warning && r.Message.Contains("shared suggestion cache", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    private List<FakeLogRecord> ModelWarnings(HttpClient client) =>
        [.. Logs(client).Where(r => r.Level == LogLevel.Warning && r.Category == "EventAi.AspNetCore.AiFixEndpoint")];

    private static async Task DrainAsync(HttpClient client, string eventId)
    {
        using HttpResponseMessage response = await client.GetAsync(Path(eventId, "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        await Sse.ReadAllAsync(response);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Serves the same event under any id, each id its own issue group, so every request is a miss.</summary>
    private sealed class EveryIdIsAnIssue(byte[] json) : IEventSource
    {
        public ValueTask<StoredEvent?> FindAsync(HttpContext context, string eventId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<StoredEvent?>(new StoredEvent(json, eventId));
    }
}
