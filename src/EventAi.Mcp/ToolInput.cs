using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace EventAi.Mcp;

/// <summary>
/// Reads the tools' <c>event</c> argument: an event as a JSON object or as JSON text, or a Sentry issue or event URL fetched with the
/// registered <see cref="SentryApiClient"/>. Every problem becomes an <see cref="McpException"/>, whose message
/// the client sees as a tool error.
/// </summary>
internal static class ToolInput
{
    public static async Task<(byte[] Json, string? GroupKey)> ReadAsync(JsonElement argument, IServiceProvider services, CancellationToken cancellationToken)
    {
        EventAiMcpOptions options = services.GetService<IOptions<EventAiMcpOptions>>()?.Value ?? new EventAiMcpOptions();

        // Clients send the event as text or, parsing what they were given, as the JSON object itself.
        string? input = argument.ValueKind switch
        {
            JsonValueKind.String => argument.GetString(),
            JsonValueKind.Object => argument.GetRawText(),
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            _ => throw new McpException($"'event' is a JSON {argument.ValueKind.ToString().ToLowerInvariant()}: give an event (a JSON object or its text) or a Sentry issue or event URL."),
        };
        if (string.IsNullOrWhiteSpace(input))
        {
            throw new McpException("'event' is empty: give an event (a JSON object or its text) or a Sentry issue or event URL.");
        }

        int bytes = Encoding.UTF8.GetByteCount(input);
        if (bytes > options.MaxInputBytes)
        {
            throw new McpException(string.Create(CultureInfo.InvariantCulture,
                $"'event' is {bytes} bytes; this server accepts at most {options.MaxInputBytes} (EventAiMcpOptions.MaxInputBytes)."));
        }

        string trimmed = input.Trim();
        if (!trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return (Encoding.UTF8.GetBytes(input), null);
        }

        if (!SentryEventUrl.TryParse(trimmed, out SentryEventUrl? url))
        {
            throw new McpException($"'event' is a URL but not a Sentry issue or event page. Accepted: {SentryEventUrl.AcceptedForms}.");
        }

        SentryApiClient sentry = services.GetService<SentryApiClient>()
            ?? throw new McpException($"This server cannot read Sentry URLs: {options.SentryHint}.");
        try
        {
            SentryEvent found = await sentry.GetEventAsync(url, cancellationToken).ConfigureAwait(false);
            return (found.Json.ToArray(), found.IssueId);
        }
        catch (ArgumentException e)
        {
            throw new McpException(e.Message, e);
        }
        catch (SentryApiException e)
        {
            throw new McpException(e.Message, e);
        }
    }

    /// <summary>The describer with the call's overrides, if any.</summary>
    public static EventDescriber Describer(EventDescriber configured, int? maxTokens, bool? detailed)
    {
        if (maxTokens is < 1)
        {
            throw new McpException("'max_tokens' must be 1 or more.");
        }

        if (maxTokens is null && detailed is null)
        {
            return configured;
        }

        DescribeOptions options = configured.Options;
        options.MaxTokens = maxTokens ?? options.MaxTokens;
        options.Detailed = detailed ?? options.Detailed;
        return new EventDescriber(options);
    }

    public static EventDescription Describe(EventDescriber describer, byte[] json)
    {
        try
        {
            return describer.Describe(json);
        }
        catch (Exception e) when (e is InvalidEventException or TokenBudgetExceededException)
        {
            throw new McpException($"The event cannot be described: {e.Message}", e);
        }
    }
}
