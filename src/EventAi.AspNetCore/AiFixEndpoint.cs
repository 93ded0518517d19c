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
    private readonly EventAiEndpointOptions _options;
    private readonly AiFixRateLimiter _limiter;
    private readonly ILogger _logger;

    public AiFixEndpoint(EventAiEndpointOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _limiter = new AiFixRateLimiter(options, time);
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, string eventId)
    {
        CancellationToken aborted = context.RequestAborted;
        HttpResponse response = context.Response;
        if (_options.RequireHeader is { } header && !context.Request.Headers.ContainsKey(header))
        {
            WriteJson(response, StatusCodes.Status400BadRequest, "error", $"The request needs the {header} header.");
            return;
        }

        if (!_limiter.TryAcquire(context, out TimeSpan wait))
        {
            response.Headers.RetryAfter = AiFixErrors.Seconds(wait);
            WriteJson(response, StatusCodes.Status429TooManyRequests, "error", "Too many requests.");
            return;
        }

        StoredEvent? stored = context.RequestServices.TryGetSuggestionService(out SuggestionService? suggestions)
            ? await context.RequestServices.GetRequiredService<IEventSource>().FindAsync(context, eventId, aborted).ConfigureAwait(false)
            : null;
        if (suggestions is null || stored is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        IQueryCollection query = context.Request.Query;
        var caller = new OpenAiPolicyContext(
            _options.Organization(context), _options.User(context), PiiCertified: query["pii_certified"] == "yes", Consent: query["consent"] == "yes");
        OpenAiPolicyDecision decision = await suggestions.CheckPolicyAsync(caller, aborted).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            WriteJson(response, StatusCodes.Status403Forbidden, "restriction", decision.Restriction);
            return;
        }

        bool streaming = query["stream"] == "yes";
        var key = new SuggestionKey(caller.Organization, _options.Project(context), stored.GroupKey);
        if (!string.IsNullOrEmpty(key.GroupKey) && await suggestions.GetCachedAsync(key, aborted).ConfigureAwait(false) is { } cached)
        {
            await WriteCachedAsync(response, cached, streaming, aborted).ConfigureAwait(false);
            return;
        }

        if (await stored.ReadJsonAsync(_options.MaxEventBytes, aborted).ConfigureAwait(false) is not { } json)
        {
            WriteJson(
                response,
                StatusCodes.Status413PayloadTooLarge,
                "error",
                $"The event is larger than {_options.MaxEventBytes} bytes ({nameof(EventAiEndpointOptions)}.{nameof(EventAiEndpointOptions.MaxEventBytes)}).");
            return;
        }

        EventDescription description;
        try
        {
            description = suggestions.Client.Describer.Describe(json);
        }
        catch (Exception e) when (e is InvalidEventException or TokenBudgetExceededException)
        {
            WriteJson(response, StatusCodes.Status422UnprocessableEntity, "error", e.Message);
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
                if (AiFixErrors.RetryAfter(e) is { } retryAfter)
                {
                    response.Headers.RetryAfter = retryAfter;
                }

                Write(response, AiFixErrors.StatusOf(e), json => AiFixErrors.WriteError(json, e, failure.ServiceHost));
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
        Write(response, status, json =>
        {
            json.WriteStartObject();
            json.WriteString(name, value);
            json.WriteEndObject();
        });

    // Into the response's buffer, sent when the response completes: a short JSON answer goes out in one write.
    private static void Write(HttpResponse response, int status, Action<Utf8JsonWriter> write)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        using var json = new Utf8JsonWriter(response.BodyWriter);
        write(json);
    }

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
