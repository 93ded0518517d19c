using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>
/// Applies the scrubbing rules to text, each in time linear in the text's length and within
/// <see cref="ScrubOptions.RuleTimeBudget"/>. Text in which no rule finds a candidate costs one scan
/// per rule over a pooled buffer and no allocation. Thread-safe; <see cref="WithTally"/> gives a
/// view that also counts what it removes.
/// </summary>
internal sealed class Scrubber
{
    /// <summary>What a whole value becomes when a rule runs out of its time budget on it.</summary>
    public const string WholeValueRedaction = "[redacted]";

    private const int MaxStackRules = 64;
    private readonly ScrubRule[] _rules;
    private readonly ScrubRule[] _fileNameRules;
    private readonly TimeSpan _budget;
    private readonly ScrubTally? _tally;

    private Scrubber(ScrubRule[] rules, ScrubRule[] fileNameRules, TimeSpan budget, ScrubTally? tally)
    {
        _rules = rules;
        _fileNameRules = fileNameRules;
        _budget = budget;
        _tally = tally;
        RedactsPrivateKeys = Array.Exists(rules, static rule => rule is PrivateKeyRule);
    }

    /// <summary>
    /// Whether the private-key rule is on, so that the lines after a line opening a key block, up to its
    /// end, are key material to redact whole (<see cref="PrivateKeyRule.LeavesBlockOpen"/>).
    /// </summary>
    public bool RedactsPrivateKeys { get; }

    /// <summary>
    /// The scrubber for file names: only the user-path rule (a file name is the clue, so nothing else of it
    /// goes), counting into the same tally; null when that rule is off.
    /// </summary>
    public Scrubber? ForFileNames() => _fileNameRules.Length == 0 ? null : new Scrubber(_fileNameRules, [], _budget, _tally);

    /// <summary>The scrubber for the options, or null when scrubbing is off or has no rule.</summary>
    public static Scrubber? Create(ScrubOptions options)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var rules = new List<ScrubRule>(BuiltInScrubRules.For(options.Rules, options.RuleTimeBudget));
        for (int i = 0; i < options.CustomPatterns.Count; i++)
        {
            ScrubPattern custom = options.CustomPatterns[i];
            var regex = new Regex(custom.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, options.RuleTimeBudget);
            rules.Add(RegexScrubRule.Constant($"{nameof(ScrubOptions.CustomPatterns)}[{i}]", regex, custom.Replacement));
        }

        ScrubRule[] fileNameRules = [.. rules.Where(static rule => rule is UserPathRule)];
        return rules.Count == 0 ? null : new Scrubber([.. rules], fileNameRules, options.RuleTimeBudget, tally: null);
    }

    /// <summary>A scrubber with the same rules that counts its redactions into <paramref name="tally"/>.</summary>
    public Scrubber WithTally(ScrubTally tally) => new(_rules, _fileNameRules, _budget, tally);

    /// <summary>Counts one redaction that was made outside the rules' own passes (a line of a key block).</summary>
    public void Count(string rule) => _tally?.Add(rule, 1);

    /// <summary>The scrubbed text when a rule changed it; null when it is unchanged.</summary>
    public string? Scrub(ReadOnlySpan<byte> utf8) => Scrub(utf8, _tally);

    /// <summary>The scrubbed text when a rule changed it; null when it is unchanged. Counts into <paramref name="tally"/> when given.</summary>
    public string? Scrub(ReadOnlySpan<byte> utf8, ScrubTally? tally)
    {
        // The telling characters are ASCII, and in UTF-8 an ASCII byte is always its own character: text no
        // rule's characters are in is left before it is decoded (most short strings of an event).
        TextTraits traits = TextTraitsOf.Utf8(utf8);
        if (!AnyRuleMayMatch(traits))
        {
            return null;
        }

        char[] buffer = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            int length = Encoding.UTF8.GetChars(utf8, buffer);
            return Scrub(buffer.AsSpan(0, length), traits, tally);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The scrubbed text when a rule changed it; null when it is unchanged.</summary>
    public string? Scrub(ReadOnlySpan<char> text) => Scrub(text, _tally);

    /// <summary>The scrubbed text when a rule changed it; null when it is unchanged. Counts into <paramref name="tally"/> when given.</summary>
    public string? Scrub(ReadOnlySpan<char> text, ScrubTally? tally) => Scrub(text, TextTraitsOf.Text(text), tally);

    private bool AnyRuleMayMatch(TextTraits traits)
    {
        foreach (ScrubRule rule in _rules)
        {
            if (rule.MayMatch(traits))
            {
                return true;
            }
        }

        return false;
    }

    private string? Scrub(ReadOnlySpan<char> text, TextTraits traits, ScrubTally? tally)
    {
        Span<int> counts = _rules.Length <= MaxStackRules ? stackalloc int[_rules.Length] : new int[_rules.Length];
        counts.Clear();

        // Replacements only add letters and brackets, so the characters found first still bound what later rules need.
        string? current = null;
        for (int i = 0; i < _rules.Length; i++)
        {
            ReadOnlySpan<char> view = current is null ? text : current.AsSpan();
            ScrubRule rule = _rules[i];
            if (!rule.MayMatch(traits) || !rule.MayMatch(view))
            {
                continue;
            }

            var found = new Redactions(_budget);
            try
            {
                rule.Find(view, ref found);
            }
            catch (Exception e) when (e is ScrubBudgetExceededException or RegexMatchTimeoutException)
            {
                // A rule that cannot decide in time fails closed: nothing of the value leaves.
                tally?.Add(ScrubTally.TimeBudget, 1);
                return WholeValueRedaction;
            }

            if (found.Count > 0)
            {
                current = found.ApplyTo(view);
                counts[i] = found.Count;
            }
        }

        if (tally is not null && current is not null)
        {
            for (int i = 0; i < _rules.Length; i++)
            {
                tally.Add(_rules[i].Name, counts[i]);
            }
        }

        return current;
    }
}
