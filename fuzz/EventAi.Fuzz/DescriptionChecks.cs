using System.Text;
using System.Text.Json;

namespace EventAi.Fuzz;

/// <summary>
/// Calls every output of a description and checks they agree: the compact UTF-8 is valid UTF-8 and a JSON
/// object, <c>ToJson()</c> is that text, the indented forms, <c>WriteTo</c> (stream and writer) and
/// <c>ToJsonElement()</c> hold the same JSON, and the counts are not negative.
/// </summary>
internal static class DescriptionChecks
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Deep enough for any description; the outputs themselves must cope with whatever describing made.
    private static readonly JsonDocumentOptions ReadBack = new() { MaxDepth = 1024 };

    public static void Check(EventDescription description)
    {
        byte[] compact = description.Utf8Json.ToArray();
        string text = StrictUtf8.GetString(compact);
        FuzzCheckFailedException.ThrowUnless(description.ToJson() == text, "ToJson() is the compact UTF-8 as text");
        FuzzCheckFailedException.ThrowUnless(description.ToJson(indented: false) == text, "ToJson(indented: false) is the compact text");

        using JsonDocument expected = JsonDocument.Parse(compact, ReadBack);
        FuzzCheckFailedException.ThrowUnless(expected.RootElement.ValueKind == JsonValueKind.Object, "the description is a JSON object");
        ReadEveryString(expected.RootElement, "$");

        string indented = description.ToJson(indented: true);
        SameJson(expected, StrictUtf8.GetBytes(indented), "ToJson(indented: true)");

        using (var stream = new MemoryStream())
        {
            description.WriteTo(stream);
            FuzzCheckFailedException.ThrowUnless(stream.ToArray().AsSpan().SequenceEqual(compact), "WriteTo(stream) writes the compact UTF-8");
        }

        using (var stream = new MemoryStream())
        {
            description.WriteTo(stream, indented: true);
            FuzzCheckFailedException.ThrowUnless(StrictUtf8.GetString(stream.ToArray()) == indented, "WriteTo(stream, indented: true) writes ToJson(indented: true)");
        }

        using (var stream = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(stream))
            {
                description.WriteTo(writer);
            }

            SameJson(expected, stream.ToArray(), "WriteTo(Utf8JsonWriter)");
        }

        JsonElement element = description.ToJsonElement();
        FuzzCheckFailedException.ThrowUnless(JsonElement.DeepEquals(element, expected.RootElement), "ToJsonElement() holds the compact JSON");
        FuzzCheckFailedException.ThrowUnless(description.ToString() is not null, "ToString() returns text");
        FuzzCheckFailedException.ThrowUnless(description.ExceptionCount >= 0 && description.FramesTrimmed >= 0, "the counts are not negative");
    }

    // A lone surrogate escape (\ud800) is valid JSON grammar but no text: a description must hold none.
    private static void ReadEveryString(JsonElement element, string path)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        ReadEveryString(property.Value, $"{path}.{property.Name}");
                    }

                    break;
                case JsonValueKind.Array:
                    int index = 0;
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        ReadEveryString(item, $"{path}[{index++}]");
                    }

                    break;
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
            }
        }
        catch (InvalidOperationException e)
        {
            throw new FuzzCheckFailedException($"the description holds a string that is not text under {path}: {e.Message}", e);
        }
    }

    private static void SameJson(JsonDocument expected, byte[] actual, string what)
    {
        using JsonDocument document = JsonDocument.Parse(actual, ReadBack);
        FuzzCheckFailedException.ThrowUnless(JsonElement.DeepEquals(document.RootElement, expected.RootElement), $"{what} holds the compact JSON");
    }
}
