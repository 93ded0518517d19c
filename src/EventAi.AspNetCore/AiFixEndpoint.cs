using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventAi.AspNetCore;

/// <summary>
/// <c>GET .../events/{eventId}/ai-fix</c>: every row of SPEC §6. A request with a group key looks the
/// cache up before the event is read, so a cached answer never reads, parses or describes the event.
/// </summary>
internal sealed partial class AiFixEndpoint
{
    private readonly EventAiRequestGate _gate;
    private readonly ILogger _logger;

    public AiFixEndpoint(EventAiRequestGate gate, ILogger logger)
    {
        _gate = gate;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, string eventId)
    {
        CancellationToken aborted = context.RequestAborted;
        HttpResponse response = context.Response;
        if (await _gate.OpenAsync(context, eventId).ConfigureAwait(false) is not { } request)
        {
            return;
        }

        SuggestionService suggestions = request.Suggestions;
        SuggestionKey key = request.Key;
        bool streaming = context.Request.Query["stream"] == "yes";
        if (!string.IsNullOrEmpty(key.GroupKey) && await suggestions.GetCachedAsync(key, aborted).ConfigureAwait(false) is { } cached)
        {
            await WriteCachedAsync(response, cached, streaming, aborted).ConfigureAwait(false);
            return;
        }

        if (await _gate.DescribeAsync(response, request, aborted).ConfigureAwait(false) is not { } description)
        {
            return;
        }

        SuggestionStream stream = await suggestions.OpenStreamAsync(description, key, aborted).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.IsCached)
            {
                await WriteCachedAsync(response, stream.CachedText, streaming, aborted).ConfigureAwait(false);
                return;
            }

            var failure = new FailureReport(this, stream, suggestions.Client.ServiceHost, eventId, key.GroupKey);
            try
            {
                if (streaming)
                {
                    await StreamAsync(response, stream, failure, aborted).ConfigureAwait(false);
                }
                else
                {
                    string text = await stream.ReadToEndAsync(aborted).ConfigureAwait(false);
                    WriteJson(response, StatusCodes.Status200OK, "suggestion", text);
                }
            }
            catch (ModelServiceException e) when (!response.HasStarted)
            {
                failure.Log(e);
                EventAiRequestGate.WriteFailure(response, e, failure.ServiceHost);
            }
        }
    }

    private static async Task StreamAsync(HttpResponse response, SuggestionStream stream, FailureReport failure, CancellationToken aborted)
    {
        IAsyncEnumerator<string> chunks = stream.Live!.GetAsyncEnumerator(aborted);
        await using (chunks.ConfigureAwait(false))
        {
            // The first chunk is awaited before the headers go out, so a failure up to then keeps its status code.
            bool hasFirst = await chunks.MoveNextAsync().ConfigureAwait(false);
            await AiFixEventStream.WriteLiveAsync(response, chunks, hasFirst, failure.ErrorEvent, aborted).ConfigureAwait(false);
        }
    }

    private static Task WriteCachedAsync(HttpResponse response, string text, bool streaming, CancellationToken aborted)
    {
        if (streaming)
        {
            return AiFixEventStream.WriteCachedAsync(response, text, aborted);
        }

        WriteJson(response, StatusCodes.Status200OK, "suggestion", text);
        return Task.CompletedTask;
    }

    private static void WriteJson(HttpResponse response, int status, string name, string? value) =>
        EventAiRequestGate.WriteJson(response, status, name, value);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning,
        Message = "The model service at {ServiceHost} failed ({Status}) for event {EventId} in group {GroupKey}.")]
    private static partial void LogModelFailure(ILogger logger, string? serviceHost, string status, string eventId, string? groupKey);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information,
        Message = "A reader of event {EventId} in group {GroupKey} fell behind the model's answer and was dropped.")]
    private static partial void LogReaderDropped(ILogger logger, string eventId, string? groupKey);

    /// <summary>Logs a model failure once however many readers share the call, and gives readers its public form.</summary>
    private sealed class FailureReport(AiFixEndpoint endpoint, SuggestionStream stream, string? serviceHost, string eventId, string? groupKey)
    {
        public string? ServiceHost => serviceHost;

        public void Log(ModelServiceException e)
        {
            if (stream.TryClaimFailureReport())
            {
                string status = e.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer";
                LogModelFailure(endpoint._logger, serviceHost, status, eventId, groupKey);
            }
        }

        public string? ErrorEvent(Exception failure)
        {
            switch (failure)
            {
                case ModelServiceException e:
                    Log(e);
                    return Json(json => AiFixErrors.WriteError(json, e, serviceHost));
                case SuggestionStreamOverflowException overflow:
                    LogReaderDropped(endpoint._logger, eventId, groupKey);
                    return Json(json =>
                    {
                        json.WriteStartObject();
                        json.WriteString("error", overflow.Message);
                        json.WriteEndObject();
                    });
                default:
                    return null;
            }
        }

        private static string Json(Action<Utf8JsonWriter> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer))
            {
                write(json);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
