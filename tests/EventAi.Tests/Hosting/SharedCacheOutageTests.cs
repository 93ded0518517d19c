using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EventAi.Tests.Hosting;

/// <summary>
/// The circuit breaker around the host's shared cache, against a real redis-server killed and restarted
/// mid-test, with the breaker's clock driven by a <see cref="FakeTimeProvider"/>.
/// </summary>
[CancelAfter(120_000)]
public sealed class SharedCacheOutageTests : HostFixture
{
    [Test]
    public async Task An_outage_opens_the_breaker_once_and_a_restarted_redis_closes_it_after_the_break()
    {
        var time = new FakeTimeProvider();
        await using RedisServer redis = await RedisServer.StartAsync();
        ServiceProvider host = BuildHost(services: services =>
        {
            redis.AddTo(services, TimeSpan.FromMilliseconds(500));
            CountingDistributedCache.Decorate(services);
            services.AddSingleton<TimeProvider>(time);
        });
        SuggestionService service = host.GetRequiredService<SuggestionService>();
        CountingDistributedCache redisCalls = host.GetRequiredService<CountingDistributedCache>();
        await service.SuggestAsync(Description(service), "before");
        Assert.That(redisCalls.Calls, Is.GreaterThan(0), "Redis is used while it is up");

        await redis.StopAsync();
        Assert.That(await service.SuggestAsync(Description(service), "during-1"), Is.EqualTo("Hello from the fake model."));
        int callsWhenOpened = redisCalls.Calls;
        Assert.That(await service.SuggestAsync(Description(service), "during-2"), Is.EqualTo("Hello from the fake model."));
        await using (SuggestionStream stream = await service.OpenStreamAsync(Description(service), "during-3"))
        {
            Assert.That(await stream.ReadToEndAsync(), Is.EqualTo("Hello from the fake model."));
        }

        Assert.That(redisCalls.Calls, Is.EqualTo(callsWhenOpened), "while the breaker is open Redis is not called");

        await redis.RestartAsync();
        await redisCalls.WaitUntilReachableAsync();
        time.Advance(TimeSpan.FromSeconds(29));
        await service.SuggestAsync(Description(service), "during-4");
        Assert.That(redisCalls.Calls, Is.EqualTo(callsWhenOpened), "the break lasts 30 s");

        time.Advance(TimeSpan.FromSeconds(2));
        await service.SuggestAsync(Description(service), "after");
        await redis.WaitForAnyKeyAsync();

        Assert.That(redisCalls.Calls, Is.GreaterThan(callsWhenOpened), "Redis is used again");
        Assert.That(await redis.KeyCountAsync(), Is.GreaterThan(0), "answers land in the restarted Redis");
        IReadOnlyList<FakeLogRecord> logs = Logs(host).GetSnapshot();
        Assert.That(logs.Where(r => r.Level == LogLevel.Warning).Select(r => r.Message), Has.Exactly(1).Contains("shared suggestion cache failed"));
        Assert.That(logs.Where(r => r.Level == LogLevel.Warning).Select(r => r.Message.Length), Has.All.LessThan(400), "one short line, however long the client's message");
        Assert.That(logs.Where(r => r.Level == LogLevel.Information).Select(r => r.Message), Has.Exactly(1).Contains("available again"));
        Assert.That(logs.Where(r => r.Exception is not null), Is.Empty, "no stack traces in the log");
    }

    [Test]
    public async Task While_redis_stays_down_the_break_doubles_up_to_the_maximum()
    {
        var time = new FakeTimeProvider();
        await using RedisServer redis = await RedisServer.StartAsync();
        ServiceProvider host = BuildHost(
            options =>
            {
                options.Cache.BreakDuration = TimeSpan.FromSeconds(30);
                options.Cache.MaxBreakDuration = TimeSpan.FromSeconds(60);
            },
            services =>
            {
                redis.AddTo(services, TimeSpan.FromMilliseconds(500));
                CountingDistributedCache.Decorate(services);
                services.AddSingleton<TimeProvider>(time);
            });
        SuggestionService service = host.GetRequiredService<SuggestionService>();
        CountingDistributedCache redisCalls = host.GetRequiredService<CountingDistributedCache>();
        await redis.StopAsync();
        int group = 0;
        async Task<int> CallsOfOneMissAsync()
        {
            int before = redisCalls.Calls;
            await service.SuggestAsync(Description(service), "group-" + group++);
            return redisCalls.Calls - before;
        }

        int opening = await CallsOfOneMissAsync();
        var calls = new List<int>();
        foreach (int seconds in new[] { 30, 30, 30, 59, 1 })
        {
            time.Advance(TimeSpan.FromSeconds(seconds));
            calls.Add(await CallsOfOneMissAsync());
        }

        Assert.That(opening, Is.GreaterThan(0));
        Assert.That(calls.Select(c => c > 0), Is.EqualTo(new[] { true, false, true, false, true }),
            "a probe after 30 s fails, so the next comes after 60 s, and 60 s stays the maximum");
        Assert.That(Logs(host).GetSnapshot().Count(r => r.Level == LogLevel.Warning), Is.EqualTo(1), "one warning for the whole outage");
    }

    [Test]
    public void Bad_breaker_and_streaming_settings_fail_at_start_up_naming_the_setting()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddEventAi(options =>
        {
            options.ModelService = OpenAiOptions();
            options.Cache.BreakDuration = TimeSpan.FromSeconds(10);
            options.Cache.MaxBreakDuration = TimeSpan.FromSeconds(5);
            options.Streaming.ReaderBuffer = 0;
        });
        using IHost host = builder.Build();

        OptionsValidationException error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync())!;

        Assert.That(error.Message, Does.Contain("SuggestionCacheOptions.MaxBreakDuration").And.Contain("SuggestionStreamOptions.ReaderBuffer"));
    }
}
