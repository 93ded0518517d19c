using System.Collections.ObjectModel;

namespace EventAi;

/// <summary>How many replacements each rule made over one description. Not thread-safe: one per description.</summary>
internal sealed class ScrubTally
{
    /// <summary>The name a value redacted whole, because a rule ran out of its time budget, is counted under.</summary>
    public const string TimeBudget = "TimeBudget";

    private static readonly IReadOnlyDictionary<string, int> Empty = ReadOnlyDictionary<string, int>.Empty;
    private Dictionary<string, int>? _counts;

    public void Add(string rule, int count)
    {
        if (count > 0)
        {
            _counts ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _counts[rule] = _counts.GetValueOrDefault(rule) + count;
        }
    }

    /// <summary>A read-only copy of the counts, ordered by rule name; empty when nothing was removed.</summary>
    public IReadOnlyDictionary<string, int> ToReadOnly() =>
        _counts is null ? Empty : new ReadOnlyDictionary<string, int>(new SortedDictionary<string, int>(_counts, StringComparer.Ordinal));
}
