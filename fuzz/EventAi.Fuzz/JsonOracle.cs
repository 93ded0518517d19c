using System.Text;
using System.Text.Json;

namespace EventAi.Fuzz;

/// <summary>
/// Whether an input is an event by System.Text.Json's reading: strict JSON (no comments, no trailing
/// commas) nested at most <see cref="EventDescriber.MaxDepth"/> levels whose root is an object, in valid
/// UTF-8 (which <see cref="JsonDocument"/> does not check inside strings, and EventAi does).
/// </summary>
internal static class JsonOracle
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = EventDescriber.MaxDepth };

    /// <summary>The parsed event, or null (and why) when it is none.</summary>
    public static JsonDocument? Parse(byte[] input, out string? why)
    {
        ReadOnlyMemory<byte> json = input.AsSpan().StartsWith("\uFEFF"u8) ? input.AsMemory(3) : input;
        try
        {
            _ = StrictUtf8.GetCharCount(json.Span);
        }
        catch (DecoderFallbackException e)
        {
            why = $"invalid UTF-8: {e.Message}";
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            why = $"System.Text.Json: {e.Message}";
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            why = $"the root is {document.RootElement.ValueKind}";
            document.Dispose();
            return null;
        }

        why = null;
        return document;
    }
}
