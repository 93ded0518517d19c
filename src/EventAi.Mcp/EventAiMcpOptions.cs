namespace EventAi.Mcp;

/// <summary>Limits and messages of EventAi's MCP tools.</summary>
public sealed class EventAiMcpOptions
{
    /// <summary>The default largest <c>event</c> argument: 1 MiB of UTF-8.</summary>
    public const int DefaultMaxInputBytes = 1024 * 1024;

    internal const string DefaultModelServiceHint =
        "set EventAi:ModelService:ApiKey (or OPENAI_API_KEY / AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY for eventai mcp), or register an IChatClient";

    internal const string DefaultSentryHint =
        "set SENTRY_AUTH_TOKEN (and SENTRY_URL for a self-hosted server) for eventai mcp, or call AddEventAi(...).AddSentry(...) in a host app";

    /// <summary>The largest <c>event</c> argument accepted, in UTF-8 bytes; a larger one is a tool error. Default 1 MiB.</summary>
    public int MaxInputBytes { get; set; } = DefaultMaxInputBytes;

    /// <summary>What to set when no model service is configured, for the tool error of <c>suggest_fix</c> and <c>summarize_issue</c>.</summary>
    internal string ModelServiceHint { get; set; } = DefaultModelServiceHint;

    /// <summary>What to set when no Sentry client is configured, for the tool error given a Sentry URL.</summary>
    internal string SentryHint { get; set; } = DefaultSentryHint;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    public void Validate()
    {
        if (MaxInputBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxInputBytes), MaxInputBytes, $"{nameof(EventAiMcpOptions)}.{nameof(MaxInputBytes)} must be 1024 or more.");
        }
    }
}
