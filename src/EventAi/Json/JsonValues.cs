using System.Runtime.InteropServices;
using System.Text.Json;

namespace EventAi.Json;

/// <summary>
/// Reads <see cref="JsonElement"/>s the forgiving way the tracker does: a wrong type reads as absent,
/// and names or strings holding a lone surrogate escape never throw.
/// </summary>
internal static class JsonValues
{
    /// <summary>
    /// The named property of an object (the last one when the name repeats); <c>default</c> (undefined)
    /// when absent or not an object. Unlike <see cref="JsonElement.TryGetProperty(ReadOnlySpan{byte}, out JsonElement)"/>
    /// it compares decoded names without throwing on a lone surrogate escape.
    /// </summary>
    public static JsonElement Property(JsonElement element, ReadOnlySpan<byte> utf8Name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        JsonElement found = default;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (JsonString.DecodedEquals(JsonMarshal.GetRawUtf8PropertyName(property), utf8Name))
            {
                found = property.Value;
            }
        }

        return found;
    }

    /// <summary>Present and not <c>null</c>, <c>false</c>, <c>0</c>, <c>""</c>, <c>[]</c> or <c>{}</c>.</summary>
    public static bool IsTruthy(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => !JsonNumber.IsZero(JsonMarshal.GetRawUtf8Value(element)),
        JsonValueKind.String => JsonMarshal.GetRawUtf8Value(element).Length > 2,
        JsonValueKind.Array => element.GetArrayLength() > 0,
        JsonValueKind.Object => element.EnumerateObject().MoveNext(),
        _ => false,
    };
}
