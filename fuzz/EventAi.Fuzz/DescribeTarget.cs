namespace EventAi.Fuzz;

/// <summary>
/// <c>describe</c>: the bytes as an event with the default options. Allowed: a description, or
/// <see cref="InvalidEventException"/> (not JSON, root not an object). The bytes and a stream of them give the
/// same result, and describing twice gives the same bytes.
/// </summary>
internal static class DescribeTarget
{
    private static readonly EventDescriber Describer = new();

    public static void Run(byte[] input)
    {
        byte[]? fromBytes = Outcome.Of(() => Describer.Describe(input), out InvalidEventException? rejected);
        byte[]? fromStream = Outcome.Of(() => Describer.Describe(new MemoryStream(input, writable: false)), out InvalidEventException? rejectedStream);
        Outcome.Same(fromBytes, rejected, fromStream, rejectedStream, "Describe(stream) and Describe(bytes)");
        if (fromBytes is not null)
        {
            byte[]? again = Outcome.Of(() => Describer.Describe(input), out _);
            FuzzCheckFailedException.ThrowUnless(again is not null && again.AsSpan().SequenceEqual(fromBytes), "describing twice gives the same bytes");
        }
    }
}
