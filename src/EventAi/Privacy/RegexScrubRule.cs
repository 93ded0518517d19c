using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>What a match becomes, given the whole text around it; null keeps it.</summary>
internal delegate string? MatchRedaction(ReadOnlySpan<char> text, int index, int length);

/// <summary>
/// A rule that is a regular expression. Built-in ones run with <see cref="RegexOptions.NonBacktracking"/>
/// (linear in the text's length); every one runs with the time budget as its match timeout. A built-in
/// regular expression is built on the first text that passes its gate: building a non-backtracking one
/// costs milliseconds, which a process that describes one event without such a candidate never pays.
/// </summary>
internal sealed class RegexScrubRule : ScrubRule
{
    private readonly Lazy<Regex> _regex;
    private readonly MatchRedaction _redaction;
    private readonly ScrubGate _gate;
    private readonly TextTraits _needs;

    public RegexScrubRule(string name, Regex regex, ScrubGate gate, MatchRedaction redaction, TextTraits needs = TextTraits.None)
        : this(name, new Lazy<Regex>(regex), gate, redaction, needs)
    {
    }

    /// <summary>A rule whose regular expression is built when a text first passes the gate.</summary>
    public RegexScrubRule(string name, Func<Regex> createRegex, ScrubGate gate, MatchRedaction redaction, TextTraits needs = TextTraits.None)
        : this(name, new Lazy<Regex>(createRegex, LazyThreadSafetyMode.ExecutionAndPublication), gate, redaction, needs)
    {
    }

    private RegexScrubRule(string name, Lazy<Regex> regex, ScrubGate gate, MatchRedaction redaction, TextTraits needs)
        : base(name)
    {
        _regex = regex;
        _gate = gate;
        _redaction = redaction;
        _needs = needs;
    }

    /// <summary>A rule that replaces every match by the same text and runs on every value.</summary>
    public static RegexScrubRule Constant(string name, Regex regex, string replacement) =>
        new(name, regex, static _ => true, (_, _, _) => replacement);

    /// <summary>Every character class in the needs must be there.</summary>
    public override bool MayMatch(TextTraits traits) => (traits & _needs) == _needs;

    public override bool MayMatch(ReadOnlySpan<char> text) => _gate(text);

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        foreach (ValueMatch match in _regex.Value.EnumerateMatches(text))
        {
            found.CheckBudget();
            if (_redaction(text, match.Index, match.Length) is { } replacement)
            {
                found.Add(text, match.Index, match.Length, replacement);
            }
        }
    }
}

/// <summary>Whether a rule could match the text at all; false skips it.</summary>
internal delegate bool ScrubGate(ReadOnlySpan<char> text);
