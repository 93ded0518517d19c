namespace EventAi.Fuzz;

/// <summary>
/// <c>exception-text</c>: the bytes as UTF-8 text (invalid bytes become U+FFFD) given to
/// <see cref="EventDescriber.DescribeExceptionText"/> with the default options (no file is read).
/// Allowed: a description of at least one exception, or <see cref="InvalidEventException"/> (no exception header).
/// </summary>
internal static class ExceptionTextTarget
{
    private static readonly EventDescriber Describer = new();

    public static void Run(byte[] input)
    {
        string text = FuzzTargets.Text(input);
        EventDescription description;
        try
        {
            description = Describer.DescribeExceptionText(text);
        }
        catch (InvalidEventException e)
        {
            InvalidEventChecks.Check(e);
            return;
        }

        DescriptionChecks.Check(description);
        FuzzCheckFailedException.ThrowUnless(description.ExceptionCount >= 1, "a described exception text holds an exception");
    }
}
