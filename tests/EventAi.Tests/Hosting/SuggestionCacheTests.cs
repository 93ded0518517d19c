using EventAi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventAi.Tests.Hosting;

/// <summary>SPEC §6 caching: one suggestion per issue group, generated once, shared through Redis.</summary>
public sealed class SuggestionCacheTests : HostFixture
{
    [Test]
    public async Task One_group_gets_one_model_call()
    {
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        EventDescription description = Description(service);

        string first = await service.SuggestAsync(description, "issue-1");
        string second = await service.SuggestAsync(description, "issue-1");
        await service.SuggestAsync(description, "issue-2");

        Assert.That(second, Is.EqualTo(first));
        Assert.That(Server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Without_a_group_key_the_description_and_model_make_the_key()
    {
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        EventDescription description = Description(service);
        EventDescription other = service.Client.Describer.Describe("""{"exception":[{"type":"Other"}]}"""u8.ToArray());

        Assert.That(service.CacheKey(description, default), Is.EqualTo(service.CacheKey(Description(service), default)));
        Assert.That(service.CacheKey(other, default), Is.Not.EqualTo(service.CacheKey(description, default)));
        Assert.That(service.CacheKey(description, new SuggestionKey(null, null, "g")), Does.Contain(SystemPrompt.Version).And.EndWith(":group:g"));
    }

    [Test]
    public async Task Twenty_concurrent_requests_for_one_group_make_one_model_call()
    {
        Server.DefaultReply = ModelReply.Stream("slow", " answer") with
        {
            BeforeChunk = (_, cancellationToken) => Task.Delay(50, cancellationToken),
        };
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        EventDescription description = Description(service);

        string[] answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => service.SuggestAsync(description, "hot-issue"))));

        Assert.That(answers, Is.All.EqualTo("slow answer"));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Twenty_concurrent_streams_for_one_group_make_one_model_call()
    {
        Server.DefaultReply = ModelReply.Stream("streamed", " once") with
        {
            BeforeChunk = (_, cancellationToken) => Task.Delay(50, cancellationToken),
        };
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        EventDescription description = Description(service);

        string[] answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            SuggestionStream stream = await service.OpenStreamAsync(description, "hot-issue");
            return stream.CachedText ?? string.Concat(await ToListAsync(stream.Live!));
        })));

        Assert.That(answers, Is.All.EqualTo("streamed once"));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_completed_stream_is_cached_and_served_whole()
    {
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        EventDescription description = Description(service);

        SuggestionStream first = await service.OpenStreamAsync(description, "issue");
        string streamed = string.Concat(await ToListAsync(first.Live!));
        SuggestionStream second = await service.OpenStreamAsync(description, "issue");

        Assert.That(first.IsCached, Is.False);
        Assert.That(second.IsCached, Is.True);
        Assert.That(second.CachedText, Is.EqualTo(streamed));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_cancelled_stream_caches_nothing()
    {
        var hold = new TaskCompletionSource();
        Server.Enqueue(ModelReply.Stream("cut ", "off") with { BeforeChunk = (index, token) => index == 1 ? hold.Task.WaitAsync(token) : Task.CompletedTask });
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        EventDescription description = Description(service);

        SuggestionStream first = await service.OpenStreamAsync(description, "issue");
        await foreach (string chunk in first.Live!)
        {
            break;
        }

        await Server.ClientDisconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        SuggestionStream second = await service.OpenStreamAsync(description, "issue");

        Assert.That(second.IsCached, Is.False, "the cut-off answer was not cached");
        Assert.That(string.Concat(await ToListAsync(second.Live!)), Is.EqualTo("Hello from the fake model."));
    }

    [Test]
    public async Task Two_hosts_sharing_one_redis_make_one_model_call_for_one_group()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        SuggestionService first = BuildHost(services: services => redis.AddTo(services)).GetRequiredService<SuggestionService>();
        ServiceProvider secondHost = BuildHost(services: services => redis.AddTo(services));
        SuggestionService second = secondHost.GetRequiredService<SuggestionService>();

        string generated = await first.SuggestAsync(Description(first), "shared-issue");
        await WaitUntilSharedAsync(secondHost, first.CacheKey(Description(first), new SuggestionKey(null, null, "shared-issue")));
        string fromRedis = await second.SuggestAsync(Description(second), "shared-issue");
        SuggestionStream streamed = await second.OpenStreamAsync(Description(second), "shared-issue");

        Assert.That(fromRedis, Is.EqualTo(generated));
        Assert.That(streamed.CachedText, Is.EqualTo(generated));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    // HybridCache writes the second level in the background; the other instance sees it once it lands.
    private static async Task WaitUntilSharedAsync(IServiceProvider host, string key)
    {
        var shared = host.GetRequiredService<Microsoft.Extensions.Caching.Distributed.IDistributedCache>();
        for (int attempt = 0; attempt < 100 && await shared.GetAsync(key) is null; attempt++)
        {
            await Task.Delay(20);
        }
    }

    [Test]
    public async Task With_redis_stopped_suggestions_are_still_served_and_a_warning_is_logged()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        ServiceProvider host = BuildHost(services: services => redis.AddTo(services, TimeSpan.FromMilliseconds(500)));
        SuggestionService service = host.GetRequiredService<SuggestionService>();
        await service.SuggestAsync(Description(service), "before");

        await redis.StopAsync();
        string during = await service.SuggestAsync(Description(service), "during");
        SuggestionStream stream = await service.OpenStreamAsync(Description(service), "during-stream");
        string streamed = stream.CachedText ?? string.Concat(await ToListAsync(stream.Live!));

        Assert.That(during, Is.EqualTo("Hello from the fake model."));
        Assert.That(streamed, Is.EqualTo("Hello from the fake model."));
        Assert.That(Logs(host).GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message),
            Has.Some.Contains("shared suggestion cache failed"));
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> stream)
    {
        var chunks = new List<string>();
        await foreach (string chunk in stream)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
