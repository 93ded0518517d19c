using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>What a match becomes, given the whole text around it; null keeps it.</summary>
internal delegate string? MatchRedaction(ReadOnlySpan<char> text, int index, int length);

/// <summary>
/// A rule that is a regular expression. Built-in ones run with <see cref="RegexOptions.NonBacktracking"/>
/// (linear in the text's length); every one runs with the time budget as its match timeout.
/// </summary>
internal sealed class RegexScrubRule : ScrubRule
{
    private readonly Regex _regex;
    private readonly MatchRedaction _redaction;
    private readonly ScrubGate _gate;
    private readonly TextTraits _needs;

    public RegexScrubRule(string name, Regex regex, ScrubGate gate, MatchRedaction redaction, TextTraits needs = TextTraits.None)
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
        foreach (ValueMatch match in _regex.EnumerateMatches(text))
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
