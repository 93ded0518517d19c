using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;

namespace EventAi.Mcp;

/// <summary>The tools' serializer: the SDK's own, with the summary in snake_case as <c>eventai summarize --json</c> prints it.</summary>
internal static class EventAiMcpJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        // A context used as a resolver takes the naming policy of the options it serves, so the policy is set here.
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        options.TypeInfoResolverChain.Insert(0, EventAiMcpJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IssueSummary))]
internal sealed partial class EventAiMcpJsonContext : JsonSerializerContext;
