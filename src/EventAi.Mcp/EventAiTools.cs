using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace EventAi.Mcp;

/// <summary>
/// EventAi's MCP tools. A failure the caller can act on (bad input, no credentials, a refused policy, a failed
/// service) is thrown as <see cref="McpException"/>, which the SDK returns as a tool error with the message shown.
/// </summary>
[McpServerToolType]
internal sealed class EventAiTools
{
    private const string EventDescription =
        "The error event: a Sentry event payload (a JSON object, or its JSON text), or a Sentry issue or event URL as copied from the browser " +
        "(https://ORG.sentry.io/issues/ISSUE/, https://SERVER/organizations/ORG/issues/ISSUE/events/EVENT/...).";

    private const string MaxTokensDescription = "Reduce the description until it fits this many tokens of the model's tokenizer.";

    private const string DetailedDescription = "Full source context on every frame (true) or only on the crash frame (false); by default it follows the model.";

    [McpServerTool(Name = "describe_event", Title = "Describe an error event", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Turns an error event into the compact, scrubbed JSON description EventAi sends to a language model: the exception chain " +
        "newest first, the frames that matter most (most recent call first) and the code around the crash. Needs no model credentials.")]
    public static async Task<string> DescribeEvent(
        [Description(EventDescription)] JsonElement @event,
        IServiceProvider services,
        [Description(MaxTokensDescription)] int? max_tokens = null,
        [Description(DetailedDescription)] bool? detailed = null,
        CancellationToken cancellationToken = default)
    {
        EventDescriber configured = services.GetService<EventDescriber>() ?? new EventDescriber();
        EventDescriber describer = ToolInput.Describer(configured, max_tokens, detailed);
        (byte[] json, _) = await ToolInput.ReadAsync(@event, services, cancellationToken).ConfigureAwait(false);
        return ToolInput.Describe(describer, json).ToJson();
    }

    [McpServerTool(Name = "suggest_fix", Title = "Suggest a fix for an error event", ReadOnly = true, OpenWorld = true)]
    [Description("Asks the configured language model to explain an error event and suggest a fix: the problem, where it happened, " +
        "the code change and how to prevent it. Answers for one Sentry issue are cached.")]
    public static async Task<string> SuggestFix(
        [Description(EventDescription)] JsonElement @event,
        IServiceProvider services,
        [Description(MaxTokensDescription)] int? max_tokens = null,
        [Description(DetailedDescription)] bool? detailed = null,
        CancellationToken cancellationToken = default)
    {
        (SuggestionService suggestions, EventDescription description, string? groupKey) =
            await PrepareAsync(@event, services, max_tokens, detailed, cancellationToken).ConfigureAwait(false);
        try
        {
            return await suggestions.SuggestAsync(description, groupKey, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelServiceException e)
        {
            throw ServiceFailed(e);
        }
    }

    [McpServerTool(Name = "summarize_issue", Title = "Summarize an error event", ReadOnly = true, OpenWorld = true, UseStructuredContent = true)]
    [Description("Asks the configured language model for a structured summary of an error event: headline, what is wrong, the trace, " +
        "the possible cause with a confidence from 0 to 1, and the next step. Summaries for one Sentry issue are cached.")]
    public static async Task<IssueSummary> SummarizeIssue(
        [Description(EventDescription)] JsonElement @event,
        IServiceProvider services,
        [Description(MaxTokensDescription)] int? max_tokens = null,
        [Description(DetailedDescription)] bool? detailed = null,
        CancellationToken cancellationToken = default)
    {
        (SuggestionService suggestions, EventDescription description, string? groupKey) =
            await PrepareAsync(@event, services, max_tokens, detailed, cancellationToken).ConfigureAwait(false);
        try
        {
            return await suggestions.SummarizeAsync(description, groupKey, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelServiceException e)
        {
            throw ServiceFailed(e);
        }
    }

    // The model service, the policy and the description, in the order the endpoint checks them.
    private static async Task<(SuggestionService, EventDescription, string?)> PrepareAsync(
        JsonElement @event, IServiceProvider services, int? maxTokens, bool? detailed, CancellationToken cancellationToken)
    {
        EventAiMcpOptions options = services.GetService<IOptions<EventAiMcpOptions>>()?.Value ?? new EventAiMcpOptions();
        if (!services.TryGetSuggestionService(out SuggestionService? suggestions))
        {
            throw new McpException($"No model service is configured: {options.ModelServiceHint}.");
        }

        EventDescriber describer = ToolInput.Describer(suggestions.Client.Describer, maxTokens, detailed);
        OpenAiPolicyContext caller = services.GetService<EventAiMcpCaller>()?.Context ?? new EventAiMcpCaller().Context;
        OpenAiPolicyDecision decision = await suggestions.CheckPolicyAsync(caller, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            throw new McpException($"The data policy does not allow sending this event to the model service (restriction: {decision.Restriction}).");
        }

        (byte[] json, string? groupKey) = await ToolInput.ReadAsync(@event, services, cancellationToken).ConfigureAwait(false);
        return (suggestions, ToolInput.Describe(describer, json), groupKey);
    }

    private static McpException ServiceFailed(ModelServiceException e) => e is ModelRateLimitedException { RetryAfter: { } wait }
        ? new McpException(string.Create(CultureInfo.InvariantCulture, $"The model service failed: {e.Message} Retry after {Math.Ceiling(wait.TotalSeconds):0} s."), e)
        : new McpException($"The model service failed: {e.Message}", e);
}
