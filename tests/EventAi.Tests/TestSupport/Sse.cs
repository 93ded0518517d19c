using System.Net.ServerSentEvents;

namespace EventAi.Tests.TestSupport;

/// <summary>Reads Server-Sent Events through the platform's SSE parser, with a hang guard.</summary>
internal static class Sse
{
    /// <summary>Every event until the server closes the stream; <paramref name="onEvent"/> runs as each one arrives.</summary>
    public static async Task<List<SseItem<string>>> ReadAllAsync(HttpResponseMessage response, Action<SseItem<string>>? onEvent = null, TimeSpan? timeout = null)
    {
        using var guard = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var events = new List<SseItem<string>>();
        Stream body = await response.Content.ReadAsStreamAsync(guard.Token);
        await foreach (SseItem<string> item in SseParser.Create(body).EnumerateAsync(guard.Token))
        {
            events.Add(item);
            onEvent?.Invoke(item);
        }

        return events;
    }

    /// <summary>The data of the <c>message</c> events joined: the text an EventSource client reassembles.</summary>
    public static string Text(IEnumerable<SseItem<string>> events) => string.Concat(events.Where(e => e.EventType == "message").Select(e => e.Data));

    /// <summary>The event types in order.</summary>
    public static string[] Types(IEnumerable<SseItem<string>> events) => [.. events.Select(e => e.EventType)];
}
