using System.ComponentModel;

namespace EventAi;

/// <summary>
/// A structured summary of an issue, for people scanning many issues and for tools: what is wrong, the
/// path through the app's code, the likely cause and what to do next. Every field is always filled.
/// </summary>
[Description("A structured summary of one error event.")]
public sealed class IssueSummary
{
    /// <summary>The error in at most 12 words, such as <c>ZeroDivisionError in divide() when b is 0</c>.</summary>
    [Description("The error in at most 12 words.")]
    public required string Headline { get; init; }

    /// <summary>What went wrong, in a sentence or two: the error, its message and where it was raised.</summary>
    [Description("What went wrong: the error, its message and where it was raised, in one or two sentences.")]
    public required string WhatsWrong { get; init; }

    /// <summary>The path through the application's own frames that led to the error, in words.</summary>
    [Description("The path through the application's own frames that led to the error, in words, oldest call first.")]
    public required string Trace { get; init; }

    /// <summary>The most likely cause, as far as the event shows it.</summary>
    [Description("The most likely cause, as far as the event shows it.")]
    public required string PossibleCause { get; init; }

    /// <summary>How sure the model is of <see cref="PossibleCause"/>, from 0 (a guess) to 1 (certain).</summary>
    [Description("How sure you are of the possible cause, from 0 (a guess) to 1 (certain).")]
    public required double Confidence { get; init; }

    /// <summary>The first thing a developer should do about it.</summary>
    [Description("The first thing a developer should do about it, in one sentence.")]
    public required string NextStep { get; init; }
}
