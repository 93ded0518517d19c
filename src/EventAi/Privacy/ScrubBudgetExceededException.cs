namespace EventAi;

/// <summary>A rule ran longer than <see cref="ScrubOptions.RuleTimeBudget"/> on one value; the value is redacted whole.</summary>
internal sealed class ScrubBudgetExceededException : Exception
{
    public ScrubBudgetExceededException()
        : base("A scrubbing rule ran out of its time budget.")
    {
    }

    public ScrubBudgetExceededException(string message)
        : base(message)
    {
    }

    public ScrubBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
