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

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    internal void Validate()
    {
        if ((Rules & ~ScrubRules.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Rules), Rules, $"{nameof(ScrubOptions)}.{nameof(Rules)} holds an unknown rule.");
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
        var clone = new ScrubOptions { Enabled = Enabled, Rules = Rules };
        foreach (ScrubPattern pattern in CustomPatterns)
        {
            clone.CustomPatterns.Add(pattern);
        }

        return clone;
    }
}
