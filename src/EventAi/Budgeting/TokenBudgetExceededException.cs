namespace EventAi;

/// <summary>
/// The description does not fit <see cref="DescribeOptions.MaxTokens"/> even after every reduction:
/// the newest exception's type, message and crash frame alone are larger than the budget.
/// </summary>
public sealed class TokenBudgetExceededException : Exception
{
    /// <summary>Creates the exception with a message only.</summary>
    public TokenBudgetExceededException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public TokenBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TokenBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a budget and the smallest description reached.</summary>
    /// <param name="budget">The token budget.</param>
    /// <param name="minimumTokens">The tokens of the smallest description reached.</param>
    public TokenBudgetExceededException(int budget, int minimumTokens)
        : base(FormattableString.Invariant(
            $"The description needs at least {minimumTokens} tokens, more than the budget of {budget} (DescribeOptions.MaxTokens)."))
    {
        Budget = budget;
        MinimumTokens = minimumTokens;
    }

    /// <summary>The token budget that was asked for.</summary>
    public int Budget { get; }

    /// <summary>The tokens of the smallest description reached.</summary>
    public int MinimumTokens { get; }
}
