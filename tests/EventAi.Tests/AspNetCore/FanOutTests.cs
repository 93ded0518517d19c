using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text;
using EventAi.Testing;
using EventAi.Tests.TestSupport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.Tests.AspNetCore;

/// <summary>
/// Concurrent viewers of one issue over HTTP: a late viewer catches up and then reads live, each at its
/// own pace, and a viewer that stops reading is cut off without holding up the model call or the others.
/// </summary>
[CancelAfter(120_000)]
public sealed class FanOutTests : EndpointFixture
{
    [Test]
    public async Task A_late_viewer_gets_what_was_streamed_so_far_then_the_live_chunks()
    {
        var lateJoined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstTwoRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(ModelReply.Stream("one ", "two ", "three ", "four") with
        {
            BeforeChunk = (index, token) => index == 2 ? lateJoined.Task.WaitAsync(token) : Task.CompletedTask,
        });
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage first = await client.GetAsync(Path("evt-1", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        int firstCount = 0;
        Task<List<SseItem<string>>> firstEvents = Sse.ReadAllAsync(first, _ =>
        {
            if (++firstCount == 2)
            {
                firstTwoRead.TrySetResult();
            }
        });
        await firstTwoRead.Task.WaitAsync(TimeSpan.FromSeconds(20));
        using HttpResponseMessage late = await client.GetAsync(Path("evt-2", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        List<SseItem<string>> lateEvents = await Sse.ReadAllAsync(late, item =>
        {
            if (item.Data == "one two ")
            {
                lateJoined.TrySetResult();
            }
        });

        Assert.That(Sse.Types(lateEvents), Is.EqualTo(new[] { "message", "message", "message", "done" }));
        Assert.That(lateEvents.Select(e => e.Data).Take(3), Is.EqualTo(new[] { "one two ", "three ", "four" }));
        Assert.That((await firstEvents).Select(e => e.Data), Is.EqualTo(new[] { "one ", "two ", "three ", "four", "{}" }));
        Assert.That(Server.Requests, Has.Count.EqualTo(1), "one model call for the group");
    }

    [Test]
    public async Task A_viewer_that_stops_reading_gets_an_error_event_and_is_closed_while_the_model_and_the_others_go_on()
    {
        string[] chunks = [.. Enumerable.Range(0, 96).Select(i => $"[{i}]" + new string((char)('a' + (i % 26)), 100 * 1024))];
        var secondJoined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(ModelReply.Stream(chunks) with
        {
            BeforeChunk = async (index, token) =>
            {
                if (index == 1)
                {
                    await secondJoined.Task.WaitAsync(token);
                }

                await Task.Delay(5, token);
            },
        });
        HttpClient client = await StartHostAsync(
            options => options.Streaming.ReaderBuffer = 32,
            services => services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MinResponseDataRate = null));

        // The stalled viewer's socket takes little before its window closes.
        using var stalledClient = new HttpClient(new SocketsHttpHandler { ConnectCallback = SmallReceiveBufferAsync }) { BaseAddress = client.BaseAddress };
        using HttpResponseMessage stalled = await stalledClient.GetAsync(Path("evt-1", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        using HttpResponseMessage reader = await client.GetAsync(Path("evt-2", "?stream=yes"), HttpCompletionOption.ResponseHeadersRead);
        secondJoined.SetResult();
        List<SseItem<string>> read = await Sse.ReadAllAsync(reader);
        List<SseItem<string>> stalledRead = await Sse.ReadAllAsync(stalled);

        Assert.That(Sse.Types(read)[^1], Is.EqualTo("done"), read[^1].Data);
        Assert.That(Sse.Text(read), Is.EqualTo(string.Concat(chunks)), "the reading viewer got every chunk");
        Assert.That(Sse.Types(stalledRead)[^1], Is.EqualTo("error"), "the stalled viewer is told, then the stream ends");
        Assert.That(stalledRead[^1].Data, Does.Contain("fell more than 32 chunks behind"));
        Assert.That(string.Concat(chunks), Does.StartWith(Sse.Text(stalledRead)));
        Assert.That(Sse.Text(stalledRead).Length, Is.LessThan(string.Concat(chunks).Length));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    private static async ValueTask<Stream> SmallReceiveBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
