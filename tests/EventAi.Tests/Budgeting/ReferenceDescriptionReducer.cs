using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace EventAi.Tests.Budgeting;

/// <summary>
/// The token-budget reducer as it was before issue 10 (a JsonNode tree, the whole description serialized
/// and counted after every step), kept as the oracle the planned, part-by-part reducer must agree with.
/// </summary>
internal static class ReferenceDescriptionReducer
{
    // One token in every tokenizer used here, and read by models as "text left out".
    internal const string TruncationMarker = "…";
    private static readonly int[] TruncationLengths = [1000, 500, 250, 120, 60, 30, 16];

    // Paths and module names say the most at their end ("bin/raven", "ApiRequest"): they lose their start.
    private static readonly HashSet<string> KeepTheEnd = ["file", "module"];

    public static byte[] Reduce(ReadOnlySpan<byte> compactUtf8, int budget, Tokenizer tokenizer)
    {
        using JsonDocument document = JsonDocument.Parse(compactUtf8.ToArray(), DescriptionJson.DocumentOptions);
        var root = (JsonObject)ToNode(document.RootElement)!;
        int tokens = int.MaxValue;
        foreach (string json in Reductions(root))
        {
            tokens = tokenizer.CountTokens(json);
            if (tokens <= budget)
            {
                return System.Text.Encoding.UTF8.GetBytes(json);
            }
        }

        throw new TokenBudgetExceededException(budget, tokens);
    }

    // Built by hand rather than with JsonNode.Parse: copied event objects may repeat a key (the last wins).
    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    obj[NameOf(property)] = ToNode(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    array.Add(ToNode(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element); // the document outlives every reduction
        }
    }

    private static string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return System.Text.Encoding.UTF8.GetString(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }

    /// <summary>Applies one reduction at a time and yields the compact JSON after each.</summary>
    private static IEnumerable<string> Reductions(JsonObject root)
    {
        JsonArray exceptions = root["exceptions"]?.AsArray() ?? [];
        JsonObject? protectedFrame = CrashFrameOfExceptionOne(root, exceptions);

        foreach (JsonObject frame in FramesLeastImportantFirst(root, exceptions))
        {
            if (!ReferenceEquals(frame, protectedFrame) && (frame.Remove("code_before") | frame.Remove("code") | frame.Remove("code_after")))
            {
                yield return Serialize(root);
            }
        }

        while (LongestStack(root, exceptions) is { } stack)
        {
            TrimOneLevel(stack);
            yield return Serialize(root);
        }

        while (exceptions.Count > 1)
        {
            exceptions.RemoveAt(exceptions.Count - 1);
            yield return Serialize(root);
        }

        JsonNode? crashType = exceptions.Count > 0 ? exceptions[0]?["type"] : null;
        foreach (int length in TruncationLengths)
        {
            if (Truncate(root, length, crashType))
            {
                yield return Serialize(root);
            }
        }

        foreach (string key in (string[])["message", "language"])
        {
            if (root.Remove(key))
            {
                yield return Serialize(root);
            }
        }

        if (exceptions.Count > 0 && exceptions[0] is JsonObject first && first.Remove("exception_info"))
        {
            yield return Serialize(root);
        }

        if (protectedFrame is not null && (protectedFrame.Remove("code_before") | protectedFrame.Remove("code_after")))
        {
            yield return Serialize(root);
        }

        // Last, what the crash frame can spare and still say where the error was raised.
        if (protectedFrame is not null)
        {
            if ((protectedFrame.ContainsKey("file") || protectedFrame.ContainsKey("func")) && protectedFrame.Remove("module"))
            {
                yield return Serialize(root);
            }

            if (protectedFrame.Remove("in_app"))
            {
                yield return Serialize(root);
            }

            if (TextOf(protectedFrame["code"]) is "" && protectedFrame.Remove("code"))
            {
                yield return Serialize(root);
            }
        }
    }

    private static JsonObject? CrashFrameOfExceptionOne(JsonObject root, JsonArray exceptions)
    {
        JsonNode? stack = exceptions.Count > 0 ? exceptions[0]?["stacktrace"] : root["stacktrace"];
        return stack is JsonArray { Count: > 0 } frames ? frames[0] as JsonObject : null;
    }

    // Oldest exception first, and within a stack the oldest call first: the furthest from the crash.
    private static IEnumerable<JsonObject> FramesLeastImportantFirst(JsonObject root, JsonArray exceptions)
    {
        var stacks = new List<JsonArray>();
        for (int i = exceptions.Count - 1; i >= 0; i--)
        {
            if (exceptions[i]?["stacktrace"] is JsonArray stack)
            {
                stacks.Add(stack);
            }
        }

        if (root["stacktrace"] is JsonArray topLevel)
        {
            stacks.Add(topLevel);
        }

        foreach (JsonArray stack in stacks)
        {
            for (int i = stack.Count - 1; i >= 0; i--)
            {
                if (stack[i] is JsonObject frame)
                {
                    yield return frame;
                }
            }
        }
    }

    private static JsonArray? LongestStack(JsonObject root, JsonArray exceptions)
    {
        JsonArray? longest = root["stacktrace"] as JsonArray;
        foreach (JsonNode? exception in exceptions)
        {
            if (exception?["stacktrace"] is JsonArray stack && stack.Count > (longest?.Count ?? 0))
            {
                longest = stack;
            }
        }

        return longest is { Count: > 1 } ? longest : null;
    }

    // One less frame by the trimmer's own rules: app frames and the crash frame are the last to go.
    private static void TrimOneLevel(JsonArray stack)
    {
        bool[] isApp = new bool[stack.Count];
        for (int i = 0; i < isApp.Length; i++)
        {
            isApp[i] = stack[i]?["in_app"] is JsonValue value && value.GetValueKind() == JsonValueKind.True;
        }

        int[] kept = new int[isApp.Length];
        int count = FrameTrimmer.SelectIndices(isApp, isApp.Length - 1, kept);
        var keep = new HashSet<int>(kept.Take(count));
        for (int i = stack.Count - 1; i >= 0; i--)
        {
            if (!keep.Contains(i))
            {
                stack.RemoveAt(i);
            }
        }
    }

    private static bool Truncate(JsonNode? node, int length, JsonNode? keep)
    {
        bool changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (string key in obj.Select(p => p.Key).ToArray())
                {
                    JsonNode? child = obj[key];
                    if (ReferenceEquals(child, keep))
                    {
                        continue;
                    }

                    if (TruncatedText(child, length, keepTheEnd: KeepTheEnd.Contains(key)) is { } text)
                    {
                        obj[key] = text;
                        changed = true;
                    }
                    else
                    {
                        changed |= Truncate(child, length, keep);
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (TruncatedText(array[i], length, keepTheEnd: false) is { } text)
                    {
                        array[i] = text;
                        changed = true;
                    }
                    else
                    {
                        changed |= Truncate(array[i], length, keep);
                    }
                }

                break;
        }

        return changed;
    }

    // Only strings well over the length are cut, so the marker never makes a string longer.
    private static string? TruncatedText(JsonNode? node, int length, bool keepTheEnd)
    {
        if (TextOf(node) is not { } text || text.Length <= length + (length / 4) + TruncationMarker.Length)
        {
            return null;
        }

        if (keepTheEnd)
        {
            int start = text.Length - length;
            start += char.IsLowSurrogate(text[start]) ? 1 : 0;
            return string.Concat(TruncationMarker, text.AsSpan(start));
        }

        return string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[length - 1]) ? length - 1 : length), TruncationMarker);
    }

    // A string whose escapes decode to no valid text (a lone surrogate) is left as it is.
    private static string? TextOf(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // Values still backed by the parsed description go through the copier, which keeps invalid escapes as sent.
    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (KeyValuePair<string, JsonNode?> property in obj)
                {
                    writer.WritePropertyName(property.Key);
                    WriteNode(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (JsonNode? item in array)
                {
                    WriteNode(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue(out JsonElement element):
                Json.JsonCopier.WriteValue(writer, element);
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static string Serialize(JsonObject root)
    {
        using var buffer = new Json.PooledByteBufferWriter(4096);
        using (var writer = new Utf8JsonWriter(buffer, DescriptionJson.CompactWriterOptions))
        {
            WriteNode(writer, root);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
