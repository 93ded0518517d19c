using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EventAi;

/// <summary>
/// A part of a description under reduction, over the parsed description (no text is copied). It is never
/// changed in place: it records the reduction step at which it goes, and a string the steps at which it
/// was cut, so the description after any number of steps can be written from the same tree.
/// </summary>
internal abstract class ReducibleNode
{
    /// <summary>The step at which the node is removed; <see cref="int.MaxValue"/> while it stays.</summary>
    public int RemovedAt { get; set; } = int.MaxValue;

    /// <summary>Whether the node is still there after the steps planned so far.</summary>
    public bool IsKept => RemovedAt == int.MaxValue;

    /// <summary>Whether the node is there after <paramref name="step"/> steps.</summary>
    public bool IsPresentAt(int step) => RemovedAt > step;

    /// <summary>The tree of a parsed compact description; the document must outlive the tree.</summary>
    public static ReducibleNode From(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<ReducibleMember>();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    members.Add(new ReducibleMember(property, From(property.Value)));
                }

                return new ReducibleObject(members);
            case JsonValueKind.Array:
                var items = new List<ReducibleNode>(element.GetArrayLength());
                foreach (JsonElement item in element.EnumerateArray())
                {
                    items.Add(From(item));
                }

                return new ReducibleArray(items);
            default:
                return new ReducibleValue(element);
        }
    }
}

/// <summary>A JSON object: its members in order, repeated names kept as written.</summary>
internal sealed class ReducibleObject(List<ReducibleMember> members) : ReducibleNode
{
    public List<ReducibleMember> Members { get; } = members;

    /// <summary>The last member of that name that is still there.</summary>
    public ReducibleMember? Kept(ReadOnlySpan<byte> utf8Name)
    {
        for (int i = Members.Count - 1; i >= 0; i--)
        {
            if (Members[i].IsKept && Members[i].NameIs(utf8Name))
            {
                return Members[i];
            }
        }

        return null;
    }

    /// <summary>Plans the removal of the member at a step; false when there is none.</summary>
    public bool Remove(ReadOnlySpan<byte> utf8Name, int step)
    {
        if (Kept(utf8Name) is not { } member)
        {
            return false;
        }

        member.RemovedAt = step;
        return true;
    }
}

/// <summary>One member of an object.</summary>
internal sealed class ReducibleMember(JsonProperty property, ReducibleNode value) : ReducibleNode
{
    /// <summary>The name as written in the description (escaped, without quotes).</summary>
    public ReadOnlySpan<byte> RawName => JsonMarshal.GetRawUtf8PropertyName(property);

    public ReducibleNode Value { get; } = value;

    /// <summary>Whether the name reads as the given one.</summary>
    public bool NameIs(ReadOnlySpan<byte> utf8Name)
    {
        ReadOnlySpan<byte> raw = RawName;
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return raw.SequenceEqual(utf8Name);
        }

        try
        {
            return property.NameEquals(utf8Name);
        }
        catch (InvalidOperationException)
        {
            return false; // escapes that decode to no valid text name nothing the reducer looks for
        }
    }
}

/// <summary>A JSON array.</summary>
internal sealed class ReducibleArray(List<ReducibleNode> items) : ReducibleNode
{
    public List<ReducibleNode> Items { get; } = items;
}

/// <summary>A string, number, boolean or null, and the shorter texts a string is cut to.</summary>
internal sealed class ReducibleValue(JsonElement element) : ReducibleNode
{
    private List<(int Step, string Text, byte[] Json)>? _cuts;

    public JsonValueKind Kind => element.ValueKind;

    /// <summary>The string after the steps planned so far; null for other kinds and for escapes that decode to no valid text.</summary>
    public string? Text
    {
        get
        {
            if (_cuts is { Count: > 0 })
            {
                return _cuts[^1].Text;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            try
            {
                return element.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>The string is at most this long in UTF-16 code units (every one of them is a byte or more of its JSON text).</summary>
    public int MaximumTextLength => _cuts is { Count: > 0 } ? _cuts[^1].Text.Length : JsonMarshal.GetRawUtf8Value(element).Length - 2;

    /// <summary>Plans the string to read <paramref name="text"/> from a step on.</summary>
    public void Cut(string text, int step)
    {
        _cuts ??= [];
        _cuts.Add((step, text, JsonOf(text)));
    }

    /// <summary>The JSON text after <paramref name="step"/> steps, as UTF-8.</summary>
    public ReadOnlySpan<byte> JsonAt(int step)
    {
        if (_cuts is not null)
        {
            for (int i = _cuts.Count - 1; i >= 0; i--)
            {
                if (_cuts[i].Step <= step)
                {
                    return _cuts[i].Json;
                }
            }
        }

        return JsonMarshal.GetRawUtf8Value(element);
    }

    // Written as the description writer writes strings, so a cut string reads as if written so.
    private static byte[] JsonOf(string text)
    {
        using var buffer = new Json.PooledByteBufferWriter(text.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, DescriptionJson.CompactWriterOptions))
        {
            writer.WriteStringValue(text);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
