using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EventAi.Benchmarks.Baseline;

/// <summary>
/// Copies a JSON value into a writer unchanged in meaning: numbers keep their original text, and
/// strings are re-escaped by the writer's encoder so that non-ASCII text is written as UTF-8.
/// </summary>
internal static class BaselineJsonCopier
{
    public static void WriteProperty(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8Name, JsonElement value, Scrubber? scrubber = null)
    {
        writer.WritePropertyName(utf8Name);
        WriteValue(writer, value, scrubber);
    }

    /// <summary>Copies a value; with a scrubber, every string value in it (not property names) is scrubbed.</summary>
    public static void WriteValue(Utf8JsonWriter writer, JsonElement value, Scrubber? scrubber = null)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    WritePropertyName(writer, property);
                    WriteValue(writer, property.Value, scrubber);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in value.EnumerateArray())
                {
                    WriteValue(writer, item, scrubber);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                WriteString(writer, value, scrubber);
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

    /// <summary>
    /// The string's UTF-8 content when it has no escape sequence (the common case, no allocation);
    /// otherwise empty and <paramref name="hasEscapes"/> set.
    /// </summary>
    public static ReadOnlySpan<byte> UnescapedUtf8(JsonElement stringValue, out bool hasEscapes)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(stringValue);
        ReadOnlySpan<byte> content = raw[1..^1];
        hasEscapes = content.Contains((byte)'\\');
        return hasEscapes ? default : content;
    }

    private static void WriteString(Utf8JsonWriter writer, JsonElement value, Scrubber? scrubber)
    {
        ReadOnlySpan<byte> utf8 = UnescapedUtf8(value, out bool hasEscapes);
        if (!hasEscapes)
        {
            WriteText(writer, utf8, scrubber);
        }
        else if (RentUnescaped(value, out int length) is { } unescaped)
        {
            WriteText(writer, unescaped.AsSpan(0, length), scrubber);
            ArrayPool<byte>.Shared.Return(unescaped);
        }
        else
        {
            // Escapes that decode to no valid text (a lone surrogate) are passed on as the sender wrote them.
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
        }
    }

    /// <summary>Writes UTF-8 text as a string value, scrubbed when a scrubber is given.</summary>
    public static void WriteText(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8, Scrubber? scrubber)
    {
        if (scrubber?.Scrub(utf8) is { } scrubbed)
        {
            writer.WriteStringValue(scrubbed);
        }
        else
        {
            writer.WriteStringValue(utf8);
        }
    }

    private static void WritePropertyName(Utf8JsonWriter writer, JsonProperty property)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (!raw.Contains((byte)'\\'))
        {
            writer.WritePropertyName(raw);
            return;
        }

        try
        {
            writer.WritePropertyName(property.Name);
        }
        catch (InvalidOperationException)
        {
            // A name whose escapes decode to no valid text keeps the text the sender wrote.
            writer.WritePropertyName(System.Text.Encoding.UTF8.GetString(raw).Replace("\\", "\\\\", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The unescaped UTF-8 text of a string value in a pooled array (give it back with
    /// <see cref="ArrayPool{T}.Return"/>); <c>null</c> when its escapes decode to no valid text (a lone surrogate).
    /// </summary>
    public static byte[]? RentUnescaped(JsonElement value, out int length)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var reader = new Utf8JsonReader(raw);
            reader.Read();
            length = reader.CopyString(buffer);
            return buffer;
        }
        catch (InvalidOperationException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            length = 0;
            return null;
        }
    }

    /// <summary>Decodes a string value; <c>false</c> when its escapes decode to no valid text.</summary>
    public static bool TryGetString(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }
}
