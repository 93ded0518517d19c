using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EventAi;

/// <summary>
/// The names to subscribe to for EventAi's traces and metrics. The model call itself is traced by
/// Microsoft.Extensions.AI's OpenTelemetry client under the same name, following the OpenTelemetry
/// GenAI semantic conventions; message content is recorded only when
/// <see cref="SuggestionOptions.RecordContent"/> is set.
/// </summary>
public static class EventAiTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="Meter"/>: <c>EventAi</c>.</summary>
    public const string SourceName = "EventAi";

    /// <summary>Span around one suggestion, parent of the GenAI <c>chat {model}</c> span.</summary>
    public const string SuggestActivityName = "eventai.suggest";

    /// <summary>Span around one structured summary, parent of the GenAI <c>chat {model}</c> span.</summary>
    public const string SummarizeActivityName = "eventai.summarize";

    /// <summary>Histogram (s): how long describing an event took.</summary>
    public const string DescribeDuration = "eventai.describe.duration";

    /// <summary>Counter: frames the trimmer left out.</summary>
    public const string FramesTrimmed = "eventai.describe.frames_trimmed";

    /// <summary>Counter: replacements the scrubber made, tagged <c>eventai.scrub.rule</c> with the rule's name (as in <see cref="EventDescription.Redactions"/>).</summary>
    public const string ScrubRedactions = "eventai.scrub.redactions";

    /// <summary>Counter: suggestion cache look-ups, tagged <c>eventai.cache.result</c> = <c>hit</c> or <c>miss</c>.</summary>
    public const string CacheRequests = "eventai.suggestion.cache.requests";

    /// <summary>Counter: requests the policy restricted, tagged <c>eventai.policy.restriction</c> with its name.</summary>
    public const string PolicyRestrictions = "eventai.policy.restrictions";

    internal static readonly ActivitySource ActivitySource = new(SourceName, typeof(EventAiTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(SourceName, typeof(EventAiTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> DescribeDurationHistogram = Meter.CreateHistogram<double>(
        DescribeDuration, "s", "How long describing an event took.");

    internal static readonly Counter<long> FramesTrimmedCounter = Meter.CreateCounter<long>(
        FramesTrimmed, "{frame}", "Frames the trimmer left out.");

    internal static readonly Counter<long> ScrubRedactionsCounter = Meter.CreateCounter<long>(
        ScrubRedactions, "{redaction}", "Replacements the scrubber made, by rule.");
}
