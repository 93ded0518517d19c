using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.AspNetCore;

/// <summary><c>GET .../events/{eventId}/ai-fix</c>: every row of SPEC §6.</summary>
internal sealed class AiFixEndpoint
{
    private static readonly byte[] DoneEvent = "event: done\ndata: {}\n\n"u8.ToArray();
    private readonly EventAiEndpointOptions _options;
    private readonly AiFixRateLimiter _limiter;

    public AiFixEndpoint(EventAiEndpointOptions options)
    {
        _options = options;
        _limiter = new AiFixRateLimiter(options);
    }

    public async Task HandleAsync(HttpContext context, string eventId)
    {
        CancellationToken aborted = context.RequestAborted;
        using RateLimitLease lease = await _limiter.AcquireAsync(context, aborted).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            TimeSpan retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : TimeSpan.FromSeconds(1);
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Json(new { error = "Too many requests." }, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

                IEventSource events = context.RequestServices.GetRequiredService<IEventSource>();
        bool available = context.RequestServices.TryGetSuggestionService(out SuggestionService? suggestions);
        StoredEvent? stored = available ? await events.FindAsync(context, eventId, aborted).ConfigureAwait(false) : null;
        if (suggestions is null || stored is null)
        {
            await Results.NotFound().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        IQueryCollection query = context.Request.Query;
        var caller = new OpenAiPolicyContext(
            _options.Organization(context), _options.User(context), PiiCertified: query["pii_certified"] == "yes", Consent: query["consent"] == "yes");
        OpenAiPolicyDecision decision = await suggestions.CheckPolicyAsync(caller, aborted).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            await Results.Json(new { restriction = decision.Restriction }, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        EventDescription description;
        try
        {
            description = suggestions.Client.Describer.Describe(stored.Json);
        }
        catch (Exception e) when (e is InvalidEventException or TokenBudgetExceededException)
        {
            await Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status422UnprocessableEntity).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        try
        {
            if (query["stream"] == "yes")
            {
                await StreamAsync(context, suggestions, description, stored.GroupKey).ConfigureAwait(false);
            }
            else
            {
                string text = await suggestions.SuggestAsync(description, stored.GroupKey, aborted).ConfigureAwait(false);
                await Results.Json(new { suggestion = text }).ExecuteAsync(context).ConfigureAwait(false);
            }
        }
        catch (ModelServiceException e) when (!context.Response.HasStarted)
        {
            await ServiceFailure(e).ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private static async Task StreamAsync(HttpContext context, SuggestionService suggestions, EventDescription description, string? groupKey)
    {
        CancellationToken aborted = context.RequestAborted;
        SuggestionStream stream = await suggestions.OpenStreamAsync(description, groupKey, aborted).ConfigureAwait(false);
        if (stream.CachedText is { } cached)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(cached, aborted).ConfigureAwait(false);
            return;
        }

        await using IAsyncEnumerator<string> chunks = stream.Live!.GetAsyncEnumerator(aborted);

        // The first chunk is awaited before the headers go out, so a failure up to then keeps its status code.
        bool more = await chunks.MoveNextAsync().ConfigureAwait(false);
        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-transform";
        response.Headers["x-accel-buffering"] = "no";
        try
        {
            while (more)
            {
                await WriteDataEventAsync(response, chunks.Current, aborted).ConfigureAwait(false);
                more = await chunks.MoveNextAsync().ConfigureAwait(false);
            }

            await response.Body.WriteAsync(DoneEvent, aborted).ConfigureAwait(false);
            await response.Body.FlushAsync(aborted).ConfigureAwait(false);
        }
        catch (ModelServiceException e)
        {
            string error = JsonSerializer.Serialize(new { error = e.Error is { } body ? (object)body : e.Message });
            await response.WriteAsync($"event: error\ndata: {error}\n\n", aborted).ConfigureAwait(false);
            await response.Body.FlushAsync(aborted).ConfigureAwait(false);
        }
    }

    // One Server-Sent Event per chunk: a data line per line of text, so EventSource puts the newlines back.
    private static async Task WriteDataEventAsync(HttpResponse response, string chunk, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(chunk.Length + 16);
        foreach (string line in chunk.ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        text.Append('\n');
        await response.WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IResult ServiceFailure(ModelServiceException e) => e switch
    {
        ModelRateLimitedException limited => Results.Json(
            new { error = limited.Error is { } body ? (object)body : limited.Message }, statusCode: StatusCodes.Status429TooManyRequests),
        _ => Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status502BadGateway),
    };
}
