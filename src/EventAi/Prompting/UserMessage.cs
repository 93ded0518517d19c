using System.Text;

namespace EventAi;

/// <summary>The user message: the event description fenced as untrusted data.</summary>
internal static class UserMessage
{
    private const string Open = "<" + SystemPrompt.FenceTag + ">";
    private const string Close = "</" + SystemPrompt.FenceTag + ">";

    public const string ExplainAndFix = "Explain this error event and suggest a fix.";

    public const string Summarize = "Summarize this error event.";

    public static string Build(EventDescription description, string instruction = ExplainAndFix)
    {
        string json = description.ToJson();

        // JSON text may carry the closing tag inside a string; "<" escaped as \u003c reads the same as JSON
        // but can no longer end the fence early.
        if (json.Contains(Close, StringComparison.OrdinalIgnoreCase))
        {
            json = json.Replace("<", "\\u003c", StringComparison.Ordinal);
        }

        return new StringBuilder(json.Length + 96)
            .Append(instruction).Append('\n')
            .Append(Open).Append('\n')
            .Append(json).Append('\n')
            .Append(Close)
            .ToString();
    }
}
