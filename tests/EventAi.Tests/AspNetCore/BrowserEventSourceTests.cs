using System.Text.Json;
using EventAi.Testing;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.AspNetCore;

/// <summary>
/// A real browser's <c>EventSource</c> (headless chromium) on a page served by the test host reads a live
/// and a cached answer alike, with the model's text exactly.
/// </summary>
[CancelAfter(120_000)]
public sealed class BrowserEventSourceTests : EndpointFixture
{
    private static readonly string[] Chunks = ["## Problem\n", "line\u2028separator, next\u0085line, form\ffeed", "\n\nblank lines\n\n", " the end"];

    [Test]
    public async Task An_event_source_reads_a_live_answer_and_then_the_cached_one_exactly(CancellationToken cancellationToken)
    {
        Server.Enqueue(ModelReply.Stream(Chunks));
        HttpClient client = await StartHostAsync();
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync(cancellationToken);
        await browser.NavigateAsync(new Uri(client.BaseAddress!, "/page"), cancellationToken);

        JsonElement live = await browser.EvaluateAsync(ReadEvents(Path("evt-1", "?stream=yes")), cancellationToken);
        JsonElement cached = await browser.EvaluateAsync(ReadEvents(Path("evt-2", "?stream=yes")), cancellationToken);

        Assert.That(Events(live), Is.EqualTo(Chunks.Select(c => "message:" + c).Append("done:{}")));
        Assert.That(Events(cached), Is.EqualTo(new[] { "message:" + string.Concat(Chunks), "done:{}" }), "the cached answer reads like a live one");
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    private static string[] Events(JsonElement result) =>
        [.. result.EnumerateArray().Select(e => e[0].GetString() + ":" + (e[1].ValueKind == JsonValueKind.String ? e[1].GetString() : "(none)"))];

    // Collects every event until "done" (or an error, or 20 s), as a page would.
    private static string ReadEvents(string url) => $$"""
        new Promise(resolve => {
          const events = [];
          const source = new EventSource({{JsonSerializer.Serialize(url)}});
          const finish = () => { source.close(); resolve(events); };
          source.onmessage = e => events.push(['message', e.data]);
          source.addEventListener('done', e => { events.push(['done', e.data]); finish(); });
          source.addEventListener('error', e => { events.push(['error', e.data ?? null]); finish(); });
          setTimeout(() => { events.push(['timeout', null]); finish(); }, 20000);
        })
        """;
}
