using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>One scrubbing rule: where it looks and what a match becomes.</summary>
internal sealed record ScrubRule(Regex Pattern, MatchEvaluator Replace);
