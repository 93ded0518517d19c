using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EventAi.AspNetCore;

/// <summary>
/// Writes an answer as Server-Sent Events with the platform's <see cref="SseFormatter"/> (lines split only
/// at CR, LF and CRLF, as <c>EventSource</c> reads them): one event per chunk, each flushed before the
/// next chunk is awaited, then an event named <c>done</c>; a failure after the headers becomes an event
/// named <c>error</c>.
/// </summary>
internal static class AiFixEventStream
{
    private static readonly SseItem<string> Done = new("{}", "done");

    /// <summary>A cached answer: the whole text as one event, then <c>done</c>, exactly as a live answer reads.</summary>
    public static async Task WriteCachedAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        // Both events go out when the response completes, in one write.
        Start(response);
        await SseFormatter.WriteAsync(new[] { new SseItem<string>(text), Done }.ToAsyncEnumerable(), response.Body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A live answer whose first chunk has been read already (so that a failure before it kept its status code).
    /// </summary>
    /// <param name="response">Where to write.</param>
    /// <param name="chunks">The answer, positioned on its first chunk when <paramref name="hasFirst"/>.</param>
    /// <param name="hasFirst">Whether the answer has a first chunk.</param>
    /// <param name="failurePayload">The <c>error</c> event's data for a failure it knows; <c>null</c> lets the failure through.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    public static async Task WriteLiveAsync(
        HttpResponse response, IAsyncEnumerator<string> chunks, bool hasFirst, Func<Exception, string?> failurePayload, CancellationToken cancellationToken)
    {
        Start(response);
        await SseFormatter.WriteAsync(Events(response, chunks, hasFirst, failurePayload, cancellationToken), response.Body, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Start(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-transform";
        response.Headers["x-accel-buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(
        HttpResponse response, IAsyncEnumerator<string> chunks, bool more, Func<Exception, string?> failurePayload, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (more)
        {
            yield return new SseItem<string>(chunks.Current);

            // The formatter has written the event when it asks for the next one; the .NET 10 formatter does
            // not flush, so send it on before waiting for the model.
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            string? error = null;
            try
            {
                more = await chunks.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (failurePayload(e) is { } payload)
            {
                error = payload;
            }

            if (error is not null)
            {
                yield return new SseItem<string>(error, "error");
                yield break;
            }
        }

        yield return Done;
    }
}
