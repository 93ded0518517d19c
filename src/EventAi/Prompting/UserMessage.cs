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
        // JSON text may carry the tag, or something a model would read as the tag, inside a string; its
        // bracket escaped as \uXXXX reads the same as JSON but can no longer open or close the fence.
        string json = FenceLookAlikes.Neutralize(description.ToJson());

        return new StringBuilder(json.Length + 96)
            .Append(instruction).Append('\n')
            .Append(Open).Append('\n')
            .Append(json).Append('\n')
            .Append(Close)
            .ToString();
    }
}
