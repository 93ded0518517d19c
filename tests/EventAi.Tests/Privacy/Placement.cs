using System.Text.Json;

namespace EventAi.Tests.Privacy;

/// <summary>
/// Where a text can sit in an event, and how to read it back from the description: the places real
/// events carry personal data and secrets.
/// </summary>
public sealed record Placement(string Name, Func<string, string> Event, Func<JsonElement, string?> Read)
{
    public static readonly Placement LogEntry = new(
        "logentry",
        text => Json(new { logentry = new { formatted = text } }),
        description => description.GetProperty("message").GetProperty("formatted").GetString());

    public static readonly Placement Message = new(
        "message",
        text => Json(new { message = text }),
        description => description.GetProperty("message").GetString());

    public static readonly Placement ExceptionValue = new(
        "exception value",
        text => Json(new { exception = new[] { new { type = "E", value = text } } }),
        description => description.GetProperty("exceptions")[0].GetProperty("message").GetString());

    public static readonly Placement ContextLine = new(
        "context_line",
        text => Describing.Describe.WithFrames(Json(new { function = "caller", context_line = text }), Json(new { function = "crash", context_line = "x" })),
        description => Describing.Describe.Frames(description.GetProperty("exceptions")[0])[1].TryGetProperty("code", out JsonElement code) ? code.GetString() : null);

    public static readonly Placement ExceptionInfo = new(
        "exception_info",
        text => Json(new { exception = new[] { new { type = "E", value = "v", mechanism = new { type = "generic", meta = new { detail = text } } } } }),
        description => description.GetProperty("exceptions")[0].GetProperty("exception_info").GetProperty("detail").GetString());

    /// <summary>The places every rule is tested in.</summary>
    public static readonly Placement[] All = [LogEntry, ExceptionValue, ContextLine, ExceptionInfo];

    /// <summary>The text as the description holds it, and the description's redaction counts.</summary>
    public (string? Text, IReadOnlyDictionary<string, int> Redactions) Scrub(string text, DescribeOptions? options = null)
    {
        EventDescription description = Describing.Describe.Event(Event(text), options);
        return (Read(description.ToJsonElement()), description.Redactions);
    }

    public override string ToString() => Name;

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
