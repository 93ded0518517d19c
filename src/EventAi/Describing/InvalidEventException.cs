namespace EventAi;

/// <summary>
/// The input is not an event: it is not valid JSON, or its root is not a JSON object. The message
/// and the properties give the position in the input.
/// </summary>
public sealed class InvalidEventException : FormatException
{
    /// <summary>Creates the exception with a message only.</summary>
    public InvalidEventException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public InvalidEventException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The parser's error.</param>
    public InvalidEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a position in the input.</summary>
    /// <param name="reason">What is wrong, without the position.</param>
    /// <param name="lineNumber">The 1-based line of the input.</param>
    /// <param name="bytePositionInLine">The 1-based byte position within that line.</param>
    /// <param name="innerException">The parser's error, if any.</param>
    public InvalidEventException(string reason, long lineNumber, long bytePositionInLine, Exception? innerException = null)
        : base($"{reason} (line {lineNumber}, byte {bytePositionInLine})", innerException)
    {
        Reason = reason;
        LineNumber = lineNumber;
        BytePositionInLine = bytePositionInLine;
    }

    /// <summary>What is wrong with the input, without the position.</summary>
    public string? Reason { get; }

    /// <summary>The 1-based line of the input where the problem is; 0 when unknown.</summary>
    public long LineNumber { get; }

    /// <summary>The 1-based byte position within <see cref="LineNumber"/>; 0 when unknown.</summary>
    public long BytePositionInLine { get; }
}
