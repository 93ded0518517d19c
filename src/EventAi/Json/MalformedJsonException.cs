namespace EventAi.Json;

/// <summary>The input is not valid JSON, or nests deeper than <see cref="JsonScanner.MaxDepth"/>, at a byte offset.</summary>
internal sealed class MalformedJsonException : Exception
{
    public MalformedJsonException()
    {
        Reason = string.Empty;
    }

    public MalformedJsonException(string message)
        : base(message)
    {
        Reason = message;
    }

    public MalformedJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public MalformedJsonException(string reason, int offset, bool tooDeep = false)
        : base($"{reason} (at byte offset {offset})")
    {
        Reason = reason;
        Offset = offset;
        TooDeep = tooDeep;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>The 0-based byte offset in the scanned input.</summary>
    public int Offset { get; }

    /// <summary>Whether the input is valid so far but nests deeper than the limit.</summary>
    public bool TooDeep { get; }

    /// <summary>The 1-based line and byte within that line of <paramref name="offset"/>.</summary>
    public static (long Line, long BytePositionInLine) Position(ReadOnlySpan<byte> json, int offset)
    {
        ReadOnlySpan<byte> before = json[..Math.Clamp(offset, 0, json.Length)];
        int lastNewLine = before.LastIndexOf((byte)'\n');
        return (before.Count((byte)'\n') + 1, offset - lastNewLine);
    }
}
