using EventAi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EventAi.Tests.Hosting;

/// <summary>
/// One model call per issue group, read by every concurrent caller at its own pace; streams that are
/// left unread or disposed release their group.
/// </summary>
[CancelAfter(60_000)]
public sealed class SuggestionStreamTests : HostFixture
{
    [Test]
    public async Task A_caller_joining_a_running_answer_gets_the_text_so_far_then_the_live_chunks()
    {
        var joined = new TaskCompletionSource();
        Server.Enqueue(ModelReply.Stream("one ", "two ", "three ", "four") with
        {
            BeforeChunk = (index, token) => index == 2 ? joined.Task.WaitAsync(token) : Task.CompletedTask,
        });
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        await using SuggestionStream first = await service.OpenStreamAsync(Description(service), "group");
        await using IAsyncEnumerator<string> firstChunks = first.Live!.GetAsyncEnumerator();
        var firstRead = new List<string>();
        while (firstRead.Count < 2 && await firstChunks.MoveNextAsync())
        {
            firstRead.Add(firstChunks.Current);
        }

        await using SuggestionStream late = await service.OpenStreamAsync(Description(service), "group");
        await using IAsyncEnumerator<string> lateChunks = late.Live!.GetAsyncEnumerator();
        Assert.That(await lateChunks.MoveNextAsync(), Is.True);
        string caughtUp = lateChunks.Current;
        joined.SetResult();
        List<string> lateRest = await RestAsync(lateChunks);
        List<string> firstRest = await RestAsync(firstChunks);

        Assert.That(late.IsCached, Is.False);
        Assert.That(late.StartedModelCall, Is.False);
        Assert.That(caughtUp, Is.EqualTo("one two "), "what was streamed so far, at once");
        Assert.That(lateRest, Is.EqualTo(new[] { "three ", "four" }), "then the live chunks");
        Assert.That(firstRead.Concat(firstRest), Is.EqualTo(new[] { "one ", "two ", "three ", "four" }));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_reader_that_stops_reading_is_dropped_and_holds_up_neither_the_model_nor_the_others()
    {
        string[] chunks = [.. Enumerable.Range(0, 20).Select(i => $"c{i} ")];
        Server.Enqueue(ModelReply.Stream(chunks) with { BeforeChunk = (_, token) => Task.Delay(15, token) });
        SuggestionService service = BuildHost(options => options.Streaming.ReaderBuffer = 4).GetRequiredService<SuggestionService>();
        await using SuggestionStream stalled = await service.OpenStreamAsync(Description(service), "group");
        await using SuggestionStream reader = await service.OpenStreamAsync(Description(service), "group");
        await using IAsyncEnumerator<string> stalledChunks = stalled.Live!.GetAsyncEnumerator();
        Assert.That(await stalledChunks.MoveNextAsync(), Is.True);

        string read = string.Concat(await RestAsync(reader.Live!.GetAsyncEnumerator()));
        string? cached = await service.GetCachedAsync(new SuggestionKey(null, null, "group"));

        Assert.That(read, Is.EqualTo(string.Concat(chunks)), "the other reader got every chunk");
        Assert.That(cached, Is.EqualTo(string.Concat(chunks)), "the model call completed and was cached");
        var dropped = Assert.ThrowsAsync<SuggestionStreamOverflowException>(async () => await stalledChunks.MoveNextAsync())!;
        Assert.That(dropped.Message, Does.Contain("4 chunks"));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Disposing_an_unread_stream_releases_its_group()
    {
        Server.Enqueue(HeldForever());
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();

        SuggestionStream abandoned = await service.OpenStreamAsync(Description(service), "group");
        await ModelCalledAsync();
        await abandoned.DisposeAsync();
        await Server.ClientDisconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using SuggestionStream next = await service.OpenStreamAsync(Description(service), "group");

        Assert.That(next.IsCached, Is.False);
        Assert.That(await next.ReadToEndAsync(), Is.EqualTo("Hello from the fake model."));
        Assert.That(Server.Requests, Has.Count.EqualTo(2), "a new model call for the released group");
    }

    [Test]
    public async Task An_unread_stream_is_released_after_the_idle_timeout()
    {
        var time = new FakeTimeProvider();
        Server.Enqueue(HeldForever());
        SuggestionService service = BuildHost(
            options => options.Streaming.IdleTimeout = TimeSpan.FromSeconds(20),
            services => services.AddSingleton<TimeProvider>(time)).GetRequiredService<SuggestionService>();

        SuggestionStream abandoned = await service.OpenStreamAsync(Description(service), "group");
        await ModelCalledAsync();
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.That(Server.ClientDisconnected.Task.IsCompleted, Is.False, "not idle for long enough yet");
        time.Advance(TimeSpan.FromSeconds(1));
        await Server.ClientDisconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using SuggestionStream next = await service.OpenStreamAsync(Description(service), "group");

        Assert.That(await next.ReadToEndAsync(), Is.EqualTo("Hello from the fake model."));
        var released = Assert.ThrowsAsync<InvalidOperationException>(async () => await abandoned.Live!.GetAsyncEnumerator().MoveNextAsync())!;
        Assert.That(released.Message, Does.Contain("SuggestionStreamOptions.IdleTimeout"));
        Assert.That(Server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_stream_being_read_is_not_released_by_the_idle_timeout()
    {
        var time = new FakeTimeProvider();
        var hold = new TaskCompletionSource();
        Server.Enqueue(ModelReply.Stream("first ", "second") with
        {
            BeforeChunk = (index, token) => index == 1 ? hold.Task.WaitAsync(token) : Task.CompletedTask,
        });
        SuggestionService service = BuildHost(services: services => services.AddSingleton<TimeProvider>(time)).GetRequiredService<SuggestionService>();
        await using SuggestionStream stream = await service.OpenStreamAsync(Description(service), "group");
        await using IAsyncEnumerator<string> chunks = stream.Live!.GetAsyncEnumerator();

        Assert.That(await chunks.MoveNextAsync(), Is.True);
        time.Advance(TimeSpan.FromMinutes(5));
        hold.SetResult();

        Assert.That(string.Concat(await RestAsync(chunks)), Is.EqualTo("second"));
        Assert.That(Server.ClientDisconnects, Is.Zero);
    }

    [Test]
    public async Task The_readme_pattern_reads_cached_and_live_answers_without_null_checks()
    {
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        var texts = new List<string>();

        for (int i = 0; i < 2; i++)
        {
            // As in the README; IsCached tells the compiler which of CachedText and Live is set.
            await using SuggestionStream stream = await service.OpenStreamAsync(Description(service), new SuggestionKey("acme", "shop", "group"));
            if (stream.IsCached)
            {
                texts.Add(stream.CachedText);
            }
            else
            {
                var text = new System.Text.StringBuilder();
                await foreach (string chunk in stream.Live)
                {
                    text.Append(chunk);
                }

                texts.Add(text.ToString());
            }
        }

        Assert.That(texts, Is.EqualTo(new[] { "Hello from the fake model.", "Hello from the fake model." }));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Whole_answers_and_streams_of_one_group_share_one_model_call()
    {
        Server.DefaultReply = ModelReply.Stream("shared", " once") with { BeforeChunk = (_, token) => Task.Delay(50, token) };
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();

        Task<string>[] whole = [.. Enumerable.Range(0, 5).Select(_ => Task.Run(() => service.SuggestAsync(Description(service), "group")))];
        Task<string>[] streamed = [.. Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
        {
            await using SuggestionStream stream = await service.OpenStreamAsync(Description(service), "group");
            return stream.IsCached ? stream.CachedText : string.Concat(await RestAsync(stream.Live.GetAsyncEnumerator()));
        }))];

        Assert.That(await Task.WhenAll(whole.Concat(streamed)), Is.All.EqualTo("shared once"));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Cache_keys_include_the_organization_and_the_project()
    {
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        EventDescription description = Description(service);

        await service.SuggestAsync(description, new SuggestionKey("acme", "shop", "issue-1"));
        await service.SuggestAsync(description, new SuggestionKey("acme", "web", "issue-1"));
        await service.SuggestAsync(description, new SuggestionKey("other", "shop", "issue-1"));
        await service.SuggestAsync(description, new SuggestionKey("a:b", "c", "issue-1"));
        await service.SuggestAsync(description, new SuggestionKey("a", "b:c", "issue-1"));
        await service.SuggestAsync(description, new SuggestionKey("acme", "shop", "issue-1"));

        Assert.That(Server.Requests, Has.Count.EqualTo(5), "the last one is cached; no two projects share");
        Assert.That(await service.GetCachedAsync(new SuggestionKey("acme", "shop", "issue-1")), Is.Not.Null);
        Assert.That(await service.GetCachedAsync(new SuggestionKey("acme", "mobile", "issue-1")), Is.Null);
        Assert.That(service.CacheKey(description, new SuggestionKey("acme", "shop", null)),
            Is.Not.EqualTo(service.CacheKey(description, new SuggestionKey("acme", "web", null))), "the description hash is per project too");
    }

    private async Task ModelCalledAsync()
    {
        for (int attempt = 0; attempt < 500 && Server.Requests.Count == 0; attempt++)
        {
            await Task.Delay(20);
        }
    }

    private static StreamReply HeldForever() => ModelReply.Stream("never") with
    {
        BeforeChunk = (_, token) => Task.Delay(Timeout.Infinite, token),
    };

    private static async Task<List<string>> RestAsync(IAsyncEnumerator<string> chunks)
    {
        var rest = new List<string>();
        await using (chunks)
        {
            while (await chunks.MoveNextAsync())
            {
                rest.Add(chunks.Current);
            }
        }

        return rest;
    }
}
