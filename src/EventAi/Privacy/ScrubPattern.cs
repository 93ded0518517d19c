namespace EventAi;

/// <summary>An extra scrubbing rule: a regular expression and what its matches are replaced by.</summary>
/// <param name="Pattern">A .NET regular expression; it runs with a time limit.</param>
/// <param name="Replacement">The text written in place of each match. Default <c>[redacted]</c>.</param>
public sealed record ScrubPattern(string Pattern, string Replacement = "[redacted]");
