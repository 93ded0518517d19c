using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace EventAi;

/// <summary>
/// Reads a model's answer as an <see cref="IssueSummary"/>: tolerant of a Markdown fence or words around
/// the object, strict about its content (every field present and filled, confidence 0 to 1, a short headline).
/// </summary>
internal static class SummaryAnswer
{
    public const int MaxHeadlineWords = 12;

    public static bool TryParse(string text, [NotNullWhen(true)] out IssueSummary? summary, [NotNullWhen(false)] out string? problem)
    {
        summary = null;
        int start = text.IndexOf('{', StringComparison.Ordinal);
        int end = text.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            problem = "the answer holds no JSON object";
            return false;
        }

        IssueSummary parsed;
        try
        {
            parsed = IssueSummaryJson.Deserialize(text[start..(end + 1)]);
        }
        catch (JsonException e)
        {
            problem = "the JSON object is not a summary: " + Reason(e);
            return false;
        }

        problem = Check(parsed);
        if (problem is not null)
        {
            return false;
        }

        summary = Trimmed(parsed);
        return true;
    }

    private static string? Check(IssueSummary summary)
    {
        (string Name, string Value)[] texts =
        [
            ("headline", summary.Headline), ("whats_wrong", summary.WhatsWrong), ("trace", summary.Trace),
            ("possible_cause", summary.PossibleCause), ("next_step", summary.NextStep),
        ];
        foreach ((string name, string value) in texts)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return $"`{name}` is empty";
            }
        }

        if (!double.IsFinite(summary.Confidence) || summary.Confidence is < 0 or > 1)
        {
            return "`confidence` must be a number from 0 to 1";
        }

        int words = summary.Headline.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return words > MaxHeadlineWords ? $"`headline` has {words} words; at most {MaxHeadlineWords} are allowed" : null;
    }

    private static IssueSummary Trimmed(IssueSummary summary) => new()
    {
        Headline = summary.Headline.Trim(),
        WhatsWrong = summary.WhatsWrong.Trim(),
        Trace = summary.Trace.Trim(),
        PossibleCause = summary.PossibleCause.Trim(),
        Confidence = summary.Confidence,
        NextStep = summary.NextStep.Trim(),
    };

    // The serializer's own words, without the position details meant for programmers.
    private static string Reason(JsonException e)
    {
        string message = e.Message;
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
