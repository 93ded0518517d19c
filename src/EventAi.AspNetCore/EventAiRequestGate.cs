using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.AspNetCore;

/// <summary>
/// The rows every EventAi endpoint shares (SPEC §6): the required header, the rate limits, the event
/// look-up (404), the policy (403), and, once the cache had nothing, the size cap (413) and describing (422).
/// Each step that refuses the request writes its answer and returns <c>null</c>.
/// </summary>
internal sealed class EventAiRequestGate
{
    private readonly EventAiEndpointOptions _options;
    private readonly AiFixRateLimiter _limiter;

    public EventAiRequestGate(EventAiEndpointOptions options, TimeProvider time)
    {
        _options = options;
        _limiter = new AiFixRateLimiter(options, time);
    }

    /// <summary>The request's service, event and cache key, or null after answering it.</summary>
    public async ValueTask<EventAiRequest?> OpenAsync(HttpContext context, string eventId)
    {
        CancellationToken aborted = context.RequestAborted;
        HttpResponse response = context.Response;
        if (_options.RequireHeader is { } header && !context.Request.Headers.ContainsKey(header))
        {
            WriteJson(response, StatusCodes.Status400BadRequest, "error", $"The request needs the {header} header.");
            return null;
        }

        if (!_limiter.TryAcquire(context, out TimeSpan wait))
        {
            response.Headers.RetryAfter = AiFixErrors.Seconds(wait);
            WriteJson(response, StatusCodes.Status429TooManyRequests, "error", "Too many requests.");
            return null;
        }

        StoredEvent? stored = context.RequestServices.TryGetSuggestionService(out SuggestionService? suggestions)
            ? await context.RequestServices.GetRequiredService<IEventSource>().FindAsync(context, eventId, aborted).ConfigureAwait(false)
            : null;
        if (suggestions is null || stored is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }

        IQueryCollection query = context.Request.Query;
        var caller = new OpenAiPolicyContext(
            _options.Organization(context), _options.User(context), PiiCertified: query["pii_certified"] == "yes", Consent: query["consent"] == "yes");
        OpenAiPolicyDecision decision = await suggestions.CheckPolicyAsync(caller, aborted).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            WriteJson(response, StatusCodes.Status403Forbidden, "restriction", decision.Restriction);
            return null;
        }

        return new EventAiRequest(suggestions, stored, new SuggestionKey(caller.Organization, _options.Project(context), stored.GroupKey));
    }

    /// <summary>The event's description, or null after answering 413 (too large) or 422 (not an event).</summary>
    public async ValueTask<EventDescription?> DescribeAsync(HttpResponse response, EventAiRequest request, CancellationToken aborted)
    {
        if (await request.Stored.ReadJsonAsync(_options.MaxEventBytes, aborted).ConfigureAwait(false) is not { } json)
        {
            WriteJson(
                response,
                StatusCodes.Status413PayloadTooLarge,
                "error",
                $"The event is larger than {_options.MaxEventBytes} bytes ({nameof(EventAiEndpointOptions)}.{nameof(EventAiEndpointOptions.MaxEventBytes)}).");
            return null;
        }

        try
        {
            return request.Suggestions.Client.Describer.Describe(json);
        }
        catch (Exception e) when (e is InvalidEventException or TokenBudgetExceededException)
        {
            WriteJson(response, StatusCodes.Status422UnprocessableEntity, "error", e.Message);
            return null;
        }
    }

    /// <summary>Answers a model failure before the headers: 429 with its Retry-After, else 502, the body without internal addresses.</summary>
    public static void WriteFailure(HttpResponse response, ModelServiceException e, string? serviceHost)
    {
        if (AiFixErrors.RetryAfter(e) is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter;
        }

        Write(response, AiFixErrors.StatusOf(e), json => AiFixErrors.WriteError(json, e, serviceHost));
    }

    public static void WriteJson(HttpResponse response, int status, string name, string? value) =>
        Write(response, status, json =>
        {
            json.WriteStartObject();
            json.WriteString(name, value);
            json.WriteEndObject();
        });

    // Into the response's buffer, sent when the response completes: a short JSON answer goes out in one write.
    public static void Write(HttpResponse response, int status, Action<Utf8JsonWriter> write)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        using var json = new Utf8JsonWriter(response.BodyWriter);
        write(json);
    }
}

/// <summary>A request that passed the gate: the service to ask, the stored event and the cache key.</summary>
internal sealed record EventAiRequest(SuggestionService Suggestions, StoredEvent Stored, SuggestionKey Key);
