namespace EventAi.Fuzz;

/// <summary>
/// <c>describe</c>: the bytes as an event with the default options. Allowed: a description, or
/// <see cref="InvalidEventException"/>, exactly when <see cref="JsonOracle"/> says the input is no event
/// (not valid UTF-8 JSON, root not an object, deeper than <see cref="EventDescriber.MaxDepth"/>). The
/// bytes, a stream of them and the parsed <see cref="System.Text.Json.JsonElement"/> give the same
/// description, and describing twice gives the same bytes.
/// </summary>
internal static class DescribeTarget
{
    private static readonly EventDescriber Describer = new();

    public static void Run(byte[] input)
    {
        byte[]? fromBytes = Outcome.Of(() => Describer.Describe(input), out InvalidEventException? rejected);
        byte[]? fromStream = Outcome.Of(() => Describer.Describe(new MemoryStream(input, writable: false)), out InvalidEventException? rejectedStream);
        Outcome.Same(fromBytes, rejected, fromStream, rejectedStream, "Describe(stream) and Describe(bytes)");

        using System.Text.Json.JsonDocument? parsed = JsonOracle.Parse(input, out string? why);
        if (parsed is null)
        {
            FuzzCheckFailedException.ThrowUnless(fromBytes is null, $"an input System.Text.Json rejects is described ({why})");
            return;
        }

        FuzzCheckFailedException.ThrowUnless(fromBytes is not null, $"an event System.Text.Json reads is rejected: {rejected?.Message}");
        byte[]? fromElement = Outcome.Of(() => Describer.Describe(parsed.RootElement), out InvalidEventException? rejectedElement);
        Outcome.Same(fromBytes, rejected, fromElement, rejectedElement, "Describe(JsonElement) and Describe(bytes)");

        byte[]? again = Outcome.Of(() => Describer.Describe(input), out _);
        FuzzCheckFailedException.ThrowUnless(again is not null && again.AsSpan().SequenceEqual(fromBytes!), "describing twice gives the same bytes");
    }
}
