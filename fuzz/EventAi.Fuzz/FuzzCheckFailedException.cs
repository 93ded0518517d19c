namespace EventAi.Fuzz;

/// <summary>A property the harness checks does not hold: afl-fuzz records the input as a crash.</summary>
internal sealed class FuzzCheckFailedException : Exception
{
    public FuzzCheckFailedException()
    {
    }

    public FuzzCheckFailedException(string message)
        : base(message)
    {
    }

    public FuzzCheckFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static void ThrowUnless(bool holds, string what)
    {
        if (!holds)
        {
            throw new FuzzCheckFailedException(what);
        }
    }
}
