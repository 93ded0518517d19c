namespace EventAi;

/// <summary>
/// One scrubbing rule: a cheap test that the text could hold a match (a literal such as <c>@</c> or a
/// keyword), and a pass over the text, linear in its length, that finds what to replace.
/// </summary>
internal abstract class ScrubRule
{
    protected ScrubRule(string name) => Name = name;

    /// <summary>The name redactions are counted under: the <see cref="ScrubRules"/> flag, or <c>CustomPatterns[i]</c>.</summary>
    public string Name { get; }

    /// <summary>Whether a text with these characters could hold a match; false skips the rule at once.</summary>
    public virtual bool MayMatch(TextTraits traits) => true;

    /// <summary>Whether the rule could match the text at all; false skips <see cref="Find"/>.</summary>
    public abstract bool MayMatch(ReadOnlySpan<char> text);

    /// <summary>Adds what to replace, left to right and not overlapping, to <paramref name="found"/>.</summary>
    /// <exception cref="ScrubBudgetExceededException">The rule ran out of its time budget.</exception>
    public abstract void Find(ReadOnlySpan<char> text, ref Redactions found);
}
