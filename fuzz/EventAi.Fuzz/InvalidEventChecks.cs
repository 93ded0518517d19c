namespace EventAi.Fuzz;

/// <summary>What an <see cref="InvalidEventException"/> must say: a reason and a position from line 1, byte 1.</summary>
internal static class InvalidEventChecks
{
    public static void Check(InvalidEventException e)
    {
        FuzzCheckFailedException.ThrowUnless(!string.IsNullOrWhiteSpace(e.Message), "InvalidEventException has a message");
        FuzzCheckFailedException.ThrowUnless(e.LineNumber >= 1 && e.BytePositionInLine >= 1, $"InvalidEventException gives a position (line {e.LineNumber}, byte {e.BytePositionInLine})");
    }
}
