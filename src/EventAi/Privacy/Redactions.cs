using System.Diagnostics;
using System.Text;

namespace EventAi;

/// <summary>
/// What one rule replaces in one value, in order, and the rule's time budget for that value. Nothing
/// is allocated until the first replacement.
/// </summary>
internal ref struct Redactions
{
    private const int ChecksBetweenClockReads = 64;
    private readonly long _deadline;
    private List<(int Start, int Length, string Replacement)>? _items;
    private int _end;
    private int _checks;

    public Redactions(TimeSpan budget)
    {
        _deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>How many replacements were added.</summary>
    public readonly int Count => _items?.Count ?? 0;

    /// <summary>
    /// Replaces <paramref name="length"/> characters at <paramref name="start"/>; nothing when the text
    /// there already is the replacement (text scrubbed before is not counted again).
    /// </summary>
    public void Add(ReadOnlySpan<char> text, int start, int length, string replacement)
    {
        Debug.Assert(start >= _end && start + length <= text.Length, "Replacements come in order and do not overlap.");
        if (length == 0 || text.Slice(start, length).SequenceEqual(replacement))
        {
            return;
        }

        (_items ??= []).Add((start, length, replacement));
        _end = start + length;
        CheckBudget();
    }

    /// <summary>Throws when the budget is spent; reads the clock only every few calls, so call it freely in loops.</summary>
    /// <exception cref="ScrubBudgetExceededException">The budget is spent.</exception>
    public void CheckBudget()
    {
        if (++_checks % ChecksBetweenClockReads == 0 && Stopwatch.GetTimestamp() > _deadline)
        {
            throw new ScrubBudgetExceededException();
        }
    }

    /// <summary>The text with every replacement made.</summary>
    public readonly string ApplyTo(ReadOnlySpan<char> text)
    {
        if (_items is null)
        {
            return text.ToString();
        }

        var builder = new StringBuilder(text.Length);
        int copied = 0;
        foreach ((int start, int length, string replacement) in _items)
        {
            builder.Append(text[copied..start]).Append(replacement);
            copied = start + length;
        }

        return builder.Append(text[copied..]).ToString();
    }
}
