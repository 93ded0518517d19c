using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>
/// One scrubbing rule: a cheap test that the text could hold a match (a literal such as <c>@</c> or a
/// keyword), where it looks, and what a match becomes.
/// </summary>
internal sealed record ScrubRule(Regex Pattern, MatchEvaluator Replace, ScrubGate Gate);

/// <summary>Whether a rule's pattern could match the text at all; false skips the regular expression.</summary>
internal delegate bool ScrubGate(ReadOnlySpan<char> text);
