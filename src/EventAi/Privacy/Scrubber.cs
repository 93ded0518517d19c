using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace EventAi;

/// <summary>
/// Applies the scrubbing rules to text. Text in which no rule finds a candidate costs one scan per
/// rule over a pooled buffer and no allocation.
/// </summary>
internal sealed class Scrubber
{
    private static readonly TimeSpan CustomPatternTimeout = TimeSpan.FromMilliseconds(200);
    private readonly ScrubRule[] _rules;

    private Scrubber(ScrubRule[] rules) => _rules = rules;

    /// <summary>The scrubber for the options, or null when scrubbing is off or has no rule.</summary>
    public static Scrubber? Create(ScrubOptions options)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var rules = BuiltInScrubRules.For(options.Rules).ToList();
        foreach (ScrubPattern custom in options.CustomPatterns)
        {
            string replacement = custom.Replacement;
            var regex = new Regex(custom.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, CustomPatternTimeout);
            rules.Add(new ScrubRule(regex, _ => replacement, static _ => true));
        }

        return rules.Count == 0 ? null : new Scrubber([.. rules]);
    }

    /// <summary>The scrubbed text when a rule changed it; null when it is unchanged.</summary>
    public string? Scrub(ReadOnlySpan<byte> utf8)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            int length = Encoding.UTF8.GetChars(utf8, buffer);
            return Scrub(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The scrubbed text when a rule changed it; null when it is unchanged.</summary>
    public string? Scrub(ReadOnlySpan<char> text)
    {
        int first = FirstMatchingRule(text);
        if (first < 0)
        {
            return null;
        }

        string current = text.ToString();
        for (int i = first; i < _rules.Length; i++)
        {
            if (!_rules[i].Gate(current))
            {
                continue;
            }

            try
            {
                current = _rules[i].Pattern.Replace(current, _rules[i].Replace);
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern that cannot decide in time fails closed: nothing of the text leaves.
                return "[redacted]";
            }
        }

        return current.AsSpan().SequenceEqual(text) ? null : current;
    }

    private int FirstMatchingRule(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < _rules.Length; i++)
        {
            if (!_rules[i].Gate(text))
            {
                continue;
            }

            try
            {
                if (_rules[i].Pattern.IsMatch(text))
                {
                    return i;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return i;
            }
        }

        return -1;
    }
}
