using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>
/// What is scrubbed from a description before it leaves the process: values that look like personal
/// data or secrets in messages, exception values, <c>exception_info</c> and code lines. On by default.
/// </summary>
public sealed class ScrubOptions
{
    /// <summary>Whether scrubbing runs at all. Default <c>true</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Which built-in rules run. Default <see cref="ScrubRules.All"/>.</summary>
    public ScrubRules Rules { get; set; } = ScrubRules.All;

    /// <summary>Extra patterns, applied after the built-in rules.</summary>
    public IList<ScrubPattern> CustomPatterns { get; } = [];

    /// <summary>
    /// How long one rule (built-in or custom) may run on one value. A rule that runs out of time
    /// fails closed: the whole value is replaced by <c>[redacted]</c>. Every built-in rule runs in
    /// time linear in the value's length, so only a custom pattern or a very long value reaches it.
    /// Default 250 ms; from 1 ms to 1 minute.
    /// </summary>
    public TimeSpan RuleTimeBudget { get; set; } = DefaultRuleTimeBudget;

    internal static TimeSpan DefaultRuleTimeBudget => TimeSpan.FromMilliseconds(250);

    internal static TimeSpan MinRuleTimeBudget => TimeSpan.FromMilliseconds(1);

    internal static TimeSpan MaxRuleTimeBudget => TimeSpan.FromMinutes(1);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    internal void Validate()
    {
        if ((Rules & ~ScrubRules.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Rules), Rules, $"{nameof(ScrubOptions)}.{nameof(Rules)} holds an unknown rule.");
        }

        if (RuleTimeBudget < MinRuleTimeBudget || RuleTimeBudget > MaxRuleTimeBudget)
        {
            throw new ArgumentOutOfRangeException(
                nameof(RuleTimeBudget), RuleTimeBudget, $"{nameof(ScrubOptions)}.{nameof(RuleTimeBudget)} must be from 1 ms to 1 minute.");
        }

        for (int i = 0; i < CustomPatterns.Count; i++)
        {
            ScrubPattern? pattern = CustomPatterns[i];
            string setting = $"{nameof(ScrubOptions)}.{nameof(CustomPatterns)}[{i}]";
            if (pattern is null || string.IsNullOrEmpty(pattern.Pattern) || pattern.Replacement is null)
            {
                throw new ArgumentException($"{setting} must have a pattern and a replacement.", nameof(CustomPatterns));
            }

            try
            {
                _ = new Regex(pattern.Pattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{setting} is not a valid regular expression: {e.Message}", nameof(CustomPatterns), e);
            }
        }
    }

    internal ScrubOptions Clone()
    {
        var clone = new ScrubOptions { Enabled = Enabled, Rules = Rules, RuleTimeBudget = RuleTimeBudget };
        foreach (ScrubPattern pattern in CustomPatterns)
        {
            clone.CustomPatterns.Add(pattern);
        }

        return clone;
    }
}
