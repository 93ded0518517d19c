using System.Net.ServerSentEvents;
using System.Text;
using EventAi.Testing;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.AspNetCore;

/// <summary>
/// The SSE framing keeps the model's text exactly: only CR, LF and CRLF end an SSE line, so U+2028,
/// U+2029, U+0085, form feed and NUL stay inside the data, and blank lines and big chunks survive.
/// Read back through the platform's SSE parser, as an EventSource reads them.
/// </summary>
[CancelAfter(60_000)]
public sealed class ServerSentEventsFramingTests : EndpointFixture
{
    private static readonly string[] Chunks =
    [
        "line\u2028separator",
        "next\u0085line",
        "paragraph\u2029separator",
        "form\ffeed",
        "nul\0char",
        "\n\nblank lines around\n\n",
        " leading space, trailing newline\n",
        "data: looks like a field\nevent: done\nid: 7\n:comment",
        HundredKilobytes(),
    ];

    [Test]
    public async Task Each_live_chunk_reads_back_exactly_as_the_model_sent_it()
    {
        Server.Enqueue(ModelReply.Stream(Chunks));
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path(query: "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        List<SseItem<string>> events = await Sse.ReadAllAsync(response);

        Assert.That(Sse.Types(events), Is.EqualTo(Enumerable.Repeat("message", Chunks.Length).Append("done")));
        for (int i = 0; i < Chunks.Length; i++)
        {
            Assert.That(events[i].Data, Is.EqualTo(Chunks[i]), $"chunk {i}");
        }
    }

    [Test]
    public async Task A_cached_answer_reads_back_as_the_exact_whole_text()
    {
        Server.Enqueue(ModelReply.Stream(Chunks));
        HttpClient client = await StartHostAsync();
        using (HttpResponseMessage live = await client.GetAsync(Path("evt-1", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead))
        {
            await Sse.ReadAllAsync(live);
        }

        using HttpResponseMessage cached = await client.GetAsync(Path("evt-2", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        List<SseItem<string>> events = await Sse.ReadAllAsync(cached);

        Assert.That(Sse.Types(events), Is.EqualTo(new[] { "message", "done" }));
        Assert.That(events[0].Data, Is.EqualTo(string.Concat(Chunks)));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Only_cr_lf_and_crlf_split_data_lines_on_the_wire()
    {
        Server.Enqueue(ModelReply.Stream("a\u2028b\u0085c\fd\u2029e", "x\ny"));
        HttpClient client = await StartHostAsync();

        string body = await client.GetStringAsync(Path(query: "?stream=yes"));

        Assert.That(body, Is.EqualTo("data: a\u2028b\u0085c\fd\u2029e\n\ndata: x\ndata: y\n\nevent: done\ndata: {}\n\n"));
    }

    [Test]
    public async Task Carriage_returns_arrive_as_line_feeds_as_every_sse_client_reads_them()
    {
        Server.Enqueue(ModelReply.Stream("windows\r\nline", "old mac\rline"));
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync(Path(query: "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        List<SseItem<string>> events = await Sse.ReadAllAsync(response);

        Assert.That(events.Take(2).Select(e => e.Data), Is.EqualTo(new[] { "windows\nline", "old mac\nline" }));
    }

    private static string HundredKilobytes()
    {
        var text = new StringBuilder(100 * 1024);
        string[] pieces = ["0123456789 abcdef ", "\u2028", "\n", "\n\n", "ü€𝄞 ", "\u0085", "\f"];
        for (int i = 0; text.Length < 100 * 1024; i++)
        {
            text.Append(pieces[i % pieces.Length]);
        }

        int cut = char.IsHighSurrogate(text[100 * 1024 - 2]) ? 100 * 1024 - 2 : 100 * 1024 - 1;
        return text.ToString(0, cut) + "!";
    }
}
