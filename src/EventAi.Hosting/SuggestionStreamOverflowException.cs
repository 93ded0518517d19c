namespace EventAi;

/// <summary>
/// A reader of a live answer fell too far behind the model (<see cref="SuggestionStreamOptions.ReaderBuffer"/>
/// chunks) and was dropped, so that it could not hold up the model call or the other readers.
/// </summary>
public sealed class SuggestionStreamOverflowException : Exception
{
    /// <summary>Creates the exception with a message only.</summary>
    public SuggestionStreamOverflowException()
        : this("The reader fell too far behind the model's answer and was dropped.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public SuggestionStreamOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SuggestionStreamOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
