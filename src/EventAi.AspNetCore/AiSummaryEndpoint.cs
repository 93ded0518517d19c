using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EventAi.AspNetCore;

/// <summary>
/// <c>GET .../events/{eventId}/ai-summary</c>: the structured summary of the event's issue as JSON with
/// snake_case fields, with the same 400 / 429 / 404 / 403 / 413 / 422 / 502 rows as <c>ai-fix</c>. A
/// request with a group key looks the cache up before the event is read.
/// </summary>
internal sealed partial class AiSummaryEndpoint
{
    private readonly EventAiRequestGate _gate;
    private readonly ILogger _logger;

    public AiSummaryEndpoint(EventAiRequestGate gate, ILogger logger)
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
        if (!string.IsNullOrEmpty(request.Key.GroupKey) && await suggestions.GetCachedSummaryAsync(request.Key, aborted).ConfigureAwait(false) is { } cached)
        {
            WriteSummary(response, cached);
            return;
        }

        if (await _gate.DescribeAsync(response, request, aborted).ConfigureAwait(false) is not { } description)
        {
            return;
        }

        IssueSummary summary;
        try
        {
            summary = await suggestions.SummarizeAsync(description, request.Key, aborted).ConfigureAwait(false);
        }
        catch (ModelServiceException e)
        {
            string status = e.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer";
            LogModelFailure(_logger, suggestions.Client.ServiceHost, status, eventId, request.Key.GroupKey);
            EventAiRequestGate.WriteFailure(response, e, suggestions.Client.ServiceHost);
            return;
        }

        WriteSummary(response, summary);
    }

    private static void WriteSummary(HttpResponse response, IssueSummary summary) =>
        EventAiRequestGate.Write(response, StatusCodes.Status200OK, json =>
            JsonSerializer.Serialize(json, summary, IssueSummaryJson.Options.GetTypeInfo(typeof(IssueSummary))));

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning,
        Message = "The model service at {ServiceHost} failed ({Status}) summarizing event {EventId} in group {GroupKey}.")]
    private static partial void LogModelFailure(ILogger logger, string? serviceHost, string status, string eventId, string? groupKey);
}
