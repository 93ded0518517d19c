using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EventAi.Json;

/// <summary>
/// Copies a <see cref="JsonElement"/> into a writer unchanged in meaning: numbers keep their original
/// text, and strings are re-escaped by the writer's encoder so that non-ASCII text is written as UTF-8.
/// A lone surrogate escape in a name or string becomes U+FFFD, so the copy is always valid UTF-8.
/// </summary>
internal static class JsonCopier
{
    /// <summary>Copies a value.</summary>
    public static void WriteValue(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    WriteDecoded(writer, JsonMarshal.GetRawUtf8PropertyName(property), isName: true);
                    WriteValue(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in value.EnumerateArray())
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
                WriteDecoded(writer, raw[1..^1], isName: false);
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteDecoded(Utf8JsonWriter writer, ReadOnlySpan<byte> raw, bool isName)
    {
        byte[] scratch = [];
        try
        {
            ReadOnlySpan<byte> text = JsonString.Decode(raw, ref scratch);
            if (isName)
            {
                writer.WritePropertyName(text);
            }
            else
            {
                writer.WriteStringValue(text);
            }
        }
        finally
        {
            if (scratch.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }
}
