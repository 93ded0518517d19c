namespace EventAi;

/// <summary>
/// The model answered, but not in the form asked for (a structured summary that is not valid JSON, or
/// misses a field), even after being asked once more. The raw answer is kept in <see cref="RawText"/>;
/// it is not part of the message, which may be logged.
/// </summary>
public sealed class InvalidModelAnswerException : ModelServiceException
{
    /// <summary>Creates the exception with a message only.</summary>
    public InvalidModelAnswerException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    public InvalidModelAnswerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    /// <param name="innerException">The parse error.</param>
    public InvalidModelAnswerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an answer that could not be used.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    /// <param name="rawText">The model's answer as it came.</param>
    /// <param name="innerException">The parse error, when there was one.</param>
    public InvalidModelAnswerException(string message, string rawText, Exception? innerException)
        : base(message, null, null, innerException)
    {
        RawText = rawText;
    }

    /// <summary>The model's last answer as it came; empty when it sent none.</summary>
    public string RawText { get; } = string.Empty;
}
