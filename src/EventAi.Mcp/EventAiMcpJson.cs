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
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions);
        options.TypeInfoResolverChain.Insert(0, EventAiMcpJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IssueSummary))]
internal sealed partial class EventAiMcpJsonContext : JsonSerializerContext;
