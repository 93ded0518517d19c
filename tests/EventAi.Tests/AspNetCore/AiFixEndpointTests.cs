using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using EventAi.Testing;
using EventAi.Tests.Hosting;
using EventAi.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.Tests.AspNetCore;

/// <summary>SPEC §6, row by row, over HTTP against a real Kestrel host.</summary>
[CancelAfter(60_000)]
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
    public async Task A_restriction_holds_for_a_cached_answer_too()
    {
        HttpClient client = await StartHostAsync(services: s => s.AddSingleton<IOpenAiPolicyCheck>(new UserPolicy()));
        await client.GetStringAsync(Path());

        using var request = new HttpRequestMessage(HttpMethod.Get, Path("evt-2"));
        request.Headers.Add("x-user", "restricted");
        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
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
        List<SseItem<string>> events = await Sse.ReadAllAsync(response, _ => firstEventParsed.TrySetResult());

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(response.Headers.GetValues("x-accel-buffering"), Is.EqualTo(new[] { "no" }));
        Assert.That(response.Headers.CacheControl!.NoTransform, Is.True);
        Assert.That(heldUntilParsed, Is.True, "event 1 was parsed while the model still held chunk 2");
        Assert.That(Sse.Types(events), Is.EqualTo(new[] { "message", "message", "done" }));
        Assert.That(events[0].Data, Is.EqualTo("## Problem\n"), "multi-line chunks come back exactly");
        Assert.That(events[1].Data, Is.EqualTo("Division by zero.\nFix: check `b`."));
    }

    [Test]
    public async Task A_cached_answer_to_a_stream_request_is_an_event_stream_with_the_whole_text_then_done()
    {
        Server.Enqueue(ModelReply.Stream("cached ", "answer"));
        HttpClient client = await StartHostAsync();
        await DrainAsync(await client.GetAsync(Path("evt-1", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead));

        using HttpResponseMessage cached = await client.GetAsync(Path("evt-2", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        List<SseItem<string>> events = await Sse.ReadAllAsync(cached);

        Assert.That(cached.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(cached.Headers.GetValues("x-accel-buffering"), Is.EqualTo(new[] { "no" }));
        Assert.That(cached.Headers.CacheControl!.NoTransform, Is.True);
        Assert.That(Sse.Types(events), Is.EqualTo(new[] { "message", "done" }));
        Assert.That(events[0].Data, Is.EqualTo("cached answer"));
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
        List<SseItem<string>> events = await Sse.ReadAllAsync(again);

        Assert.That(Sse.Text(events), Is.EqualTo("Hello from the fake model."), "not cached: streamed anew");
        Assert.That(Server.Requests, Has.Count.EqualTo(2));
    }

    [TestCase("")]
    [TestCase("?stream=yes")]
    public async Task A_rate_limited_model_answers_429_with_the_service_error_and_its_retry_after(string query)
    {
        Server.DefaultReply = ModelReply.Error(429, "Rate limit reached for gpt-4o-mini", "rate_limit_exceeded", retryAfter: "20");
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path(query: query));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(20)));
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("rate_limit_exceeded"));
        Assert.That(error.GetProperty("message").GetString(), Is.EqualTo("Rate limit reached for gpt-4o-mini"));
    }

    [TestCase("")]
    [TestCase("?stream=yes")]
    public async Task A_model_retry_after_ms_becomes_retry_after_in_whole_seconds_rounded_up(string query)
    {
        Server.DefaultReply = ModelReply.Error(429, "Slow down", "rate_limit_exceeded") with { RetryAfterMs = "1500" };
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path(query: query));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task A_failure_after_the_headers_becomes_an_error_event_without_the_service_address()
    {
        var firstEventParsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(ModelReply.Stream("partial", "never") with
        {
            DropAfter = 1,
            BeforeChunk = (index, token) => index == 1 ? firstEventParsed.Task.WaitAsync(token) : Task.CompletedTask,
        });
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path(query: "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        List<SseItem<string>> events = await Sse.ReadAllAsync(response, _ => firstEventParsed.TrySetResult());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Sse.Types(events), Is.EqualTo(new[] { "message", "error" }));
        Assert.That(JsonDocument.Parse(events[1].Data).RootElement.GetProperty("error").GetString(),
            Is.EqualTo("The connection to the model service was lost while it was answering."));
        Assert.That(events[1].Data, Does.Not.Contain(Server.BaseUrl.Host).And.Not.Contain(Server.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Twenty_concurrent_requests_for_one_group_make_one_model_call()
    {
        Server.DefaultReply = ModelReply.Stream("one", " call") with { BeforeChunk = (_, token) => Task.Delay(50, token) };
        HttpClient client = await StartHostAsync();

        string[] texts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using HttpResponseMessage response = await client.GetAsync(Path(i % 2 == 0 ? "evt-1" : "evt-2", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
            List<SseItem<string>> events = await Sse.ReadAllAsync(response);
            Assert.That(Sse.Types(events)[^1], Is.EqualTo("done"));
            return Sse.Text(events);
        }));

        Assert.That(texts, Is.All.EqualTo("one call"));
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
        using HttpResponseMessage response = await second.GetAsync(Path("evt-2", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        List<SseItem<string>> events = await Sse.ReadAllAsync(response);

        Assert.That(Sse.Types(events), Is.EqualTo(new[] { "message", "done" }), "the cached text as one event");
        Assert.That(events[0].Data, Is.EqualTo(generated));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

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

    /// <summary>Restricts the user named "restricted"; others are allowed.</summary>
    private sealed class UserPolicy : IOpenAiPolicyCheck
    {
        public ValueTask<string?> GetPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(context.User == "restricted" ? OpenAiPolicyNames.Subprocessor : null);
    }
}
