using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventAi;

/// <summary>
/// How an <see cref="IssueSummary"/> is written and read: snake_case keys (<c>headline</c>,
/// <c>whats_wrong</c>, <c>trace</c>, <c>possible_cause</c>, <c>confidence</c>, <c>next_step</c>),
/// source-generated so it works without reflection.
/// </summary>
public static class IssueSummaryJson
{
    /// <summary>The serializer options: snake_case names, every field required, unknown fields ignored.</summary>
    public static JsonSerializerOptions Options => IssueSummaryJsonContext.Default.Options;

    /// <summary>Writes a summary as compact JSON with the snake_case keys.</summary>
    /// <param name="summary">The summary.</param>
    public static string Serialize(IssueSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return JsonSerializer.Serialize(summary, IssueSummaryJsonContext.Default.IssueSummary);
    }

    /// <summary>Reads a summary written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">The text is not a complete summary.</exception>
    public static IssueSummary Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, IssueSummaryJsonContext.Default.IssueSummary)
            ?? throw new JsonException("The summary is null.");
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(IssueSummary))]
internal sealed partial class IssueSummaryJsonContext : JsonSerializerContext;
