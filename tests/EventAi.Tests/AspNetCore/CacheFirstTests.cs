using System.Net;
using System.Text;
using System.Text.Json;
using EventAi.AspNetCore;
using Microsoft.AspNetCore.Http;

namespace EventAi.Tests.AspNetCore;

/// <summary>
/// With a group key the cache is looked up before the event is read, so a cached answer never reads,
/// parses or describes the event; events beyond <see cref="EventAiEndpointOptions.MaxEventBytes"/> are refused.
/// </summary>
[CancelAfter(60_000)]
public sealed class CacheFirstTests : EndpointFixture
{
    [TestCase("")]
    [TestCase("?stream=yes")]
    public async Task A_cached_answer_never_opens_the_event(string query)
    {
        var store = new CountingEventSource(Encoding.UTF8.GetBytes(EventJson));
        HttpClient client = await StartHostAsync(events: store);
        await client.GetStringAsync(Path("evt-1"));
        Assert.That(store.Opened, Is.EqualTo(1));

        using HttpResponseMessage cached = await client.GetAsync(Path("evt-2", query));

        Assert.That(cached.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await cached.Content.ReadAsStringAsync(), Does.Contain("Hello from the fake model."));
        Assert.That(store.Opened, Is.EqualTo(1), "the second event of the group was never read");
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_cached_answer_is_served_even_for_an_event_too_large_to_read()
    {
        var store = new CountingEventSource(Encoding.UTF8.GetBytes(EventJson)) { LengthOf = id => id == "evt-2" ? 50L * 1024 * 1024 : null };
        HttpClient client = await StartHostAsync(events: store);
        await client.GetStringAsync(Path("evt-1"));

        using HttpResponseMessage cached = await client.GetAsync(Path("evt-2"));

        Assert.That(cached.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_event_above_the_limit_answers_413_json_without_a_model_call()
    {
        byte[] large = Encoding.UTF8.GetBytes("""{"message":" """ + new string('x', 2 * 1024 * 1024) + "\"}");
        HttpClient client = await StartHostAsync(events: new InMemoryEventSource(new() { ["big"] = new StoredEvent(large, "big-issue") }));

        using HttpResponseMessage response = await client.GetAsync(Path("big", "?stream=yes"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(),
            Does.Contain("1048576 bytes").And.Contain("EventAiEndpointOptions.MaxEventBytes"));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task An_event_of_unknown_size_is_read_no_further_than_the_limit()
    {
        var store = new CountingEventSource(Encoding.UTF8.GetBytes(EventJson + new string(' ', 5000)));
        HttpClient client = await StartHostAsync(events: store, endpoint: options => options.MaxEventBytes = 1000);

        using HttpResponseMessage response = await client.GetAsync(Path("evt-1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(store.BytesRead, Is.LessThanOrEqualTo(1001));
    }

    [Test]
    public async Task An_event_exactly_at_the_limit_is_described()
    {
        byte[] json = Encoding.UTF8.GetBytes(EventJson);
        var store = new CountingEventSource(json);
        HttpClient client = await StartHostAsync(events: store, endpoint: options => options.MaxEventBytes = json.Length);

        using HttpResponseMessage response = await client.GetAsync(Path("evt-1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_event_of_known_size_above_the_limit_is_refused_unopened()
    {
        var store = new CountingEventSource(Encoding.UTF8.GetBytes(EventJson)) { LengthOf = _ => 2L * 1024 * 1024 };
        HttpClient client = await StartHostAsync(events: store);

        using HttpResponseMessage response = await client.GetAsync(Path("evt-1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(store.Opened, Is.Zero);
    }

    [Test]
    public async Task Two_projects_with_the_same_group_id_never_share_an_answer()
    {
        HttpClient client = await StartHostAsync();

        await client.GetStringAsync(Path("evt-1", organization: "acme", project: "shop"));
        await client.GetStringAsync(Path("evt-1", organization: "acme", project: "web"));
        await client.GetStringAsync(Path("evt-1", organization: "globex", project: "shop"));
        await client.GetStringAsync(Path("evt-2", organization: "acme", project: "shop"));

        Assert.That(Server.Requests, Has.Count.EqualTo(3), "evt-2 shares acme/shop's answer; the others are their own");
    }

    /// <summary>A store that knows each event's group at once and counts how often a payload is opened and read.</summary>
    private sealed class CountingEventSource(byte[] json) : IEventSource
    {
        private int _opened;
        private long _bytesRead;

        public Func<string, long?> LengthOf { get; init; } = _ => null;

        public int Opened => Volatile.Read(ref _opened);

        public long BytesRead => Interlocked.Read(ref _bytesRead);

        public ValueTask<StoredEvent?> FindAsync(HttpContext context, string eventId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<StoredEvent?>(new StoredEvent("issue-1", _ =>
            {
                Interlocked.Increment(ref _opened);
                return ValueTask.FromResult<Stream>(new CountingStream(json, this));
            }, LengthOf(eventId)));

        private sealed class CountingStream(byte[] bytes, CountingEventSource owner) : MemoryStream(bytes, writable: false)
        {
            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult(Counted(base.Read(buffer.Span)));

            private int Counted(int read)
            {
                Interlocked.Add(ref owner._bytesRead, read);
                return read;
            }
        }
    }
}
