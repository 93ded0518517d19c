using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using EventAi.Testing;
using EventAi.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.Tests.AspNetCore;

/// <summary>SPEC §6, row by row, over HTTP against a real Kestrel host.</summary>
public sealed class AiFixEndpointTests : EndpointFixture
{
    [Test]
    public async Task Without_model_credentials_the_endpoint_answers_404()
    {
        HttpClient client = await StartHostAsync(withCredentials: false);

        using HttpResponseMessage response = await client.GetAsync(Path());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task An_unknown_event_answers_404()
    {
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path("no-such-event"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase(OpenAiPolicyNames.Subprocessor, "")]
    [TestCase(OpenAiPolicyNames.PiiCertificationRequired, "?consent=yes")]
    [TestCase(OpenAiPolicyNames.IndividualConsent, "")]
    [TestCase("not_a_policy", "")]
    public async Task A_restriction_answers_403_with_its_name(string policy, string query)
    {
        HttpClient client = await StartHostAsync(services: s => s.AddSingleton<IOpenAiPolicyCheck>(new FixedPolicy(policy)));

        using HttpResponseMessage response = await client.GetAsync(Path(query: query));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("restriction").GetString(), Is.EqualTo(policy));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task Consent_lifts_the_individual_consent_restriction()
    {
        HttpClient client = await StartHostAsync(services: s => s.AddSingleton<IOpenAiPolicyCheck>(new FixedPolicy(OpenAiPolicyNames.IndividualConsent)));

        using HttpResponseMessage response = await client.GetAsync(Path(query: "?consent=yes"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Not_streaming_answers_json_with_the_suggestion()
    {
        Server.Enqueue(ModelReply.Stream("Check ", "the divisor."));
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("suggestion").GetString(), Is.EqualTo("Check the divisor."));
    }

    [Test]
    public async Task Streaming_sends_each_chunk_as_an_event_while_the_model_is_still_sending_then_done()
    {
        var firstEventParsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool heldUntilParsed = false;
        Server.Enqueue(ModelReply.Stream("## Problem\n", "Division by zero.\nFix: check `b`.") with
        {
            BeforeChunk = async (index, cancellationToken) =>
            {
                if (index == 1)
                {
                    Task finished = await Task.WhenAny(firstEventParsed.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
                    heldUntilParsed = finished == firstEventParsed.Task;
                }
            },
        });
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path(query: "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        List<SseItem<string>> events = await ReadEventsAsync(response, firstEventParsed);

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(response.Headers.GetValues("x-accel-buffering"), Is.EqualTo(new[] { "no" }));
        Assert.That(response.Headers.CacheControl!.NoTransform, Is.True);
        Assert.That(heldUntilParsed, Is.True, "event 1 was parsed while the model still held chunk 2");
        Assert.That(events.Select(e => e.EventType), Is.EqualTo(new[] { "message", "message", "done" }));
        Assert.That(events[0].Data, Is.EqualTo("## Problem\n"), "multi-line chunks come back exactly");
        Assert.That(events[1].Data, Is.EqualTo("Division by zero.\nFix: check `b`."));
    }

    [Test]
    public async Task A_completed_stream_is_served_from_the_cache_as_plain_text_for_the_whole_group()
    {
        Server.Enqueue(ModelReply.Stream("cached ", "answer"));
        HttpClient client = await StartHostAsync();
        await DrainAsync(await client.GetAsync(Path("evt-1", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead));

        using HttpResponseMessage cached = await client.GetAsync(Path("evt-2", "?stream=yes"));

        Assert.That(cached.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(await cached.Content.ReadAsStringAsync(), Is.EqualTo("cached answer"));
        Assert.That(Server.Requests, Has.Count.EqualTo(1), "evt-2 is in the same issue group");
    }

    [Test]
    public async Task A_stream_the_client_abandons_caches_nothing()
    {
        var hold = new TaskCompletionSource();
        Server.Enqueue(ModelReply.Stream("one", "two") with
        {
            BeforeChunk = (index, token) => index == 1 ? hold.Task.WaitAsync(token) : Task.CompletedTask,
        });
        HttpClient client = await StartHostAsync();
        using (HttpResponseMessage response = await client.GetAsync(Path(query: "?stream=yes"), HttpCompletionOption.ResponseHeadersRead))
        {
            await foreach (SseItem<string> item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
            {
                break;
            }
        }

        await Server.ClientDisconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using HttpResponseMessage again = await client.GetAsync(Path(query: "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);

        Assert.That(again.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"), "not cached: streamed anew");
        await DrainAsync(again);
        Assert.That(Server.Requests, Has.Count.EqualTo(2));
    }

    [TestCase("")]
    [TestCase("?stream=yes")]
    public async Task A_rate_limited_model_answers_429_with_the_service_error(string query)
    {
        Server.DefaultReply = ModelReply.Error(429, "Rate limit reached for gpt-4o-mini", "rate_limit_exceeded", retryAfter: "20");
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path(query: query));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("rate_limit_exceeded"));
        Assert.That(error.GetProperty("message").GetString(), Is.EqualTo("Rate limit reached for gpt-4o-mini"));
    }

    [Test]
    public async Task A_failure_after_the_headers_becomes_an_error_event()
    {
        var firstEventParsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(ModelReply.Stream("partial", "never") with
        {
            DropAfter = 1,
            BeforeChunk = (index, token) => index == 1 ? firstEventParsed.Task.WaitAsync(token) : Task.CompletedTask,
        });
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path(query: "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        List<SseItem<string>> events = await ReadEventsAsync(response, firstEventParsed);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(events.Select(e => e.EventType), Is.EqualTo(new[] { "message", "error" }));
        Assert.That(JsonDocument.Parse(events[1].Data).RootElement.GetProperty("error").GetString(), Does.StartWith("The connection to the model service at ").And.EndWith(" was lost while it was answering."));
    }

    [Test]
    public async Task Requests_beyond_the_rate_limit_answer_429_with_retry_after()
    {
        HttpClient client = await StartHostAsync(requestsPerSecond: 5);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;

        for (int i = 0; i < 7; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Path("no-such-event-" + i));
            request.Headers.Add("x-user", "jane");
            HttpResponseMessage response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.GreaterThanOrEqualTo(1));
        Assert.That(limited!.Headers.RetryAfter!.Delta, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task Twenty_concurrent_requests_for_one_group_make_one_model_call()
    {
        Server.DefaultReply = ModelReply.Stream("one", " call") with { BeforeChunk = (_, token) => Task.Delay(50, token) };
        HttpClient client = await StartHostAsync();

        string[] bodies = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using HttpResponseMessage response = await client.GetAsync(Path(i % 2 == 0 ? "evt-1" : "evt-2", "?stream=yes"));
            string body = await response.Content.ReadAsStringAsync();
            return response.Content.Headers.ContentType!.MediaType == "text/plain" ? body : string.Concat(ParseData(body));
        }));

        Assert.That(bodies, Is.All.EqualTo("one call"));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Two_hosts_sharing_one_redis_make_one_model_call_for_one_group()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        HttpClient first = await StartHostAsync(services: services => redis.AddTo(services));
        HttpClient second = await StartHostAsync(services: services => redis.AddTo(services));

        string generated = JsonDocument.Parse(await first.GetStringAsync(Path("evt-1"))).RootElement.GetProperty("suggestion").GetString()!;
        await redis.WaitForAnyKeyAsync();
        using HttpResponseMessage response = await second.GetAsync(Path("evt-2", "?stream=yes"));

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(generated));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    /// <summary>Reads the events as they arrive, signalling after the first one.</summary>
    private static async Task<List<SseItem<string>>> ReadEventsAsync(HttpResponseMessage response, TaskCompletionSource firstEventParsed)
    {
        var events = new List<SseItem<string>>();
        await foreach (SseItem<string> item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            events.Add(item);
            firstEventParsed.TrySetResult();
        }

        return events;
    }

    private static IEnumerable<string> ParseData(string sse) =>
        SseParser.Create(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(sse))).Enumerate().Where(e => e.EventType == "message").Select(e => e.Data);

    private static async Task DrainAsync(HttpResponseMessage response)
    {
        using (response)
        {
            await response.Content.ReadAsStringAsync();
        }
    }

    private sealed class FixedPolicy(string policy) : IOpenAiPolicyCheck
    {
        public ValueTask<string?> GetPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(policy);
    }
}
