using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EventAi.Benchmarks.Baseline;

/// <summary>Reads event values the forgiving way the tracker does: a wrong type reads as absent.</summary>
internal static class BaselineJsonValues
{
    /// <summary>The named property of an object; <c>default</c> (undefined) when absent or not an object.</summary>
    public static JsonElement Property(JsonElement element, ReadOnlySpan<byte> utf8Name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(utf8Name, out JsonElement value)
            ? value
            : default;

    /// <summary>
    /// The named property, or the legacy interface name in its place when the first is missing or
    /// <c>null</c> (older SDKs send <c>sentry.interfaces.*</c>).
    /// </summary>
    public static JsonElement PropertyOrLegacy(JsonElement element, ReadOnlySpan<byte> utf8Name, ReadOnlySpan<byte> utf8LegacyName)
    {
        JsonElement value = Property(element, utf8Name);
        return IsPresent(value) ? value : Property(element, utf8LegacyName);
    }

    /// <summary>Present and not <c>null</c>.</summary>
    public static bool IsPresent(JsonElement element) =>
        element.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>Present and not <c>null</c>, <c>false</c>, <c>0</c>, <c>""</c>, <c>[]</c> or <c>{}</c>.</summary>
    public static bool IsTruthy(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => !IsZero(element),
        JsonValueKind.String => JsonMarshal.GetRawUtf8Value(element).Length > 2,
        JsonValueKind.Array => element.GetArrayLength() > 0,
        JsonValueKind.Object => HasAnyProperty(element),
        _ => false,
    };

    /// <summary>
    /// Whether the value is a string equal to <paramref name="utf8Text"/>. Unlike
    /// <see cref="JsonElement.ValueEquals(ReadOnlySpan{byte})"/> it never throws on escapes that
    /// decode to no valid text.
    /// </summary>
    public static bool StringEquals(JsonElement element, ReadOnlySpan<byte> utf8Text)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        ReadOnlySpan<byte> content = BaselineJsonCopier.UnescapedUtf8(element, out bool hasEscapes);
        if (!hasEscapes)
        {
            return content.SequenceEqual(utf8Text);
        }

        return BaselineJsonCopier.TryGetString(element, out string? text) && Encoding.UTF8.GetBytes(text!).AsSpan().SequenceEqual(utf8Text);
    }

    private static bool IsZero(JsonElement number) => number.TryGetDouble(out double value) && value == 0;

    private static bool HasAnyProperty(JsonElement element)
    {
        using JsonElement.ObjectEnumerator properties = element.EnumerateObject();
        return properties.MoveNext();
    }
}
