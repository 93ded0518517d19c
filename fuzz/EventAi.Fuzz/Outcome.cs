namespace EventAi.Fuzz;

/// <summary>Runs one describe call: its compact bytes (every output checked), or the rejection it threw.</summary>
internal static class Outcome
{
    public static byte[]? Of(Func<EventDescription> describe, out InvalidEventException? rejected)
    {
        try
        {
            EventDescription description = describe();
            DescriptionChecks.Check(description);
            rejected = null;
            return description.Utf8Json.ToArray();
        }
        catch (InvalidEventException e)
        {
            InvalidEventChecks.Check(e);
            rejected = e;
            return null;
        }
    }

    public static void Same(byte[]? first, InvalidEventException? firstRejected, byte[]? second, InvalidEventException? secondRejected, string what)
    {
        if (first is null || second is null)
        {
            FuzzCheckFailedException.ThrowUnless(
                first is null && second is null && firstRejected!.Message == secondRejected!.Message,
                $"{what} agree (one: {firstRejected?.Message ?? "described"}; other: {secondRejected?.Message ?? "described"})");
            return;
        }

        FuzzCheckFailedException.ThrowUnless(first.AsSpan().SequenceEqual(second), $"{what} give the same description");
    }
}
