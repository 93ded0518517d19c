using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventAi.Tests.Describing;

/// <summary>
/// Converts an event from the ingestion shape SDKs send to the shape Sentry's REST API returns for it,
/// as Sentry's event serializer writes it (<c>src/sentry/api/serializers/models/event.py</c> and the
/// interfaces' <c>get_api_context</c>): interfaces become <c>entries</c> (<c>{"data": ..., "type": ...}</c>,
/// data first), frames are camel-cased with their source as <c>context</c> pairs, exceptions carry
/// <c>threadId</c>, the top-level <c>message</c> is the legacy message.
/// </summary>
/// <remarks>
/// Two things the API itself loses are lost here too, so that <see cref="AsServed"/> can say exactly
/// what of an ingestion event the API shape still holds: a frame without a line number gets no source
/// lines (<c>get_context</c> needs <c>lineno</c>), and an empty exception value becomes <c>null</c>.
/// Native function names are kept as sent (Sentry may shorten them for display).
/// </remarks>
internal static class SentryApiShape
{
    private static readonly string[] EntryInterfaces = ["request", "breadcrumbs", "template", "debug_meta", "sentry.interfaces.Http", "sentry.interfaces.Breadcrumbs"];

    /// <summary>The API shape of an ingestion event.</summary>
    public static JsonObject Convert(JsonObject ingestion)
    {
        var entries = new JsonArray();
        JsonNode? logEntry = FirstPresent(ingestion, "logentry", "sentry.interfaces.Message");
        if (IsTruthy(logEntry))
        {
            entries.Add(Entry("message", logEntry!.DeepClone()));
        }

        JsonNode? exception = FirstPresent(ingestion, "exception", "sentry.interfaces.Exception");
        JsonArray? values = exception is JsonArray array ? array : exception?["values"] as JsonArray;
        if (values is not null)
        {
            var converted = new JsonArray();
            foreach (JsonNode? value in values)
            {
                if (value is JsonObject single && single.Count > 0)
                {
                    converted.Add(Exception(single));
                }
            }

            entries.Add(Entry("exception", new JsonObject { ["values"] = converted, ["hasSystemFrames"] = false, ["excOmitted"] = null }));
        }

        if (FirstPresent(ingestion, "stacktrace", "sentry.interfaces.Stacktrace") is JsonObject stacktrace && Stacktrace(stacktrace) is { } apiStacktrace)
        {
            entries.Add(Entry("stacktrace", apiStacktrace));
        }

        if (ingestion["threads"]?["values"] is JsonArray threads)
        {
            entries.Add(Entry("threads", new JsonObject { ["values"] = new JsonArray([.. threads.OfType<JsonObject>().Select(Thread)]) }));
        }

        foreach (string name in EntryInterfaces)
        {
            if (ingestion[name] is { } data)
            {
                entries.Add(Entry(name.Replace("sentry.interfaces.", "", StringComparison.Ordinal).ToLowerInvariant(), data.DeepClone()));
            }
        }

        return new JsonObject
        {
            ["id"] = ingestion["event_id"]?.DeepClone(),
            ["eventID"] = ingestion["event_id"]?.DeepClone(),
            ["entries"] = entries,
            ["message"] = LegacyMessage(ingestion, logEntry),
            ["title"] = ingestion["culprit"]?.DeepClone(),
            ["platform"] = ingestion["platform"]?.DeepClone(),
            ["contexts"] = ingestion["contexts"]?.DeepClone() ?? new JsonObject(),
            ["context"] = ingestion["extra"]?.DeepClone() ?? new JsonObject(),
            ["packages"] = ingestion["modules"]?.DeepClone() ?? new JsonObject(),
            ["sdk"] = ingestion["sdk"]?.DeepClone(),
            ["user"] = ingestion["user"]?.DeepClone(),
            ["tags"] = Tags(ingestion["tags"]),
            ["type"] = values is null ? "default" : "error",
            ["culprit"] = ingestion["culprit"]?.DeepClone(),
            ["dateCreated"] = ingestion["timestamp"]?.DeepClone(),
            ["errors"] = new JsonArray(),
        };
    }

    /// <summary>
    /// The ingestion event with what the API shape cannot carry taken out: the source lines of frames
    /// without a line number, and empty exception values (which the API returns as <c>null</c>).
    /// </summary>
    public static JsonObject AsServed(JsonObject ingestion)
    {
        var served = (JsonObject)ingestion.DeepClone();
        foreach (JsonObject frame in Frames(served))
        {
            if (frame["lineno"] is null)
            {
                frame.Remove("pre_context");
                frame.Remove("context_line");
                frame.Remove("post_context");
            }
        }

        JsonNode? exception = FirstPresent(served, "exception", "sentry.interfaces.Exception");
        JsonArray? values = exception is JsonArray array ? array : exception?["values"] as JsonArray;
        foreach (JsonObject single in values?.OfType<JsonObject>() ?? [])
        {
            if (single.ContainsKey("value") && !IsTruthy(single["value"]))
            {
                single["value"] = null;
            }
        }

        return served;
    }

    private static IEnumerable<JsonObject> Frames(JsonObject ingestion)
    {
        JsonNode? exception = FirstPresent(ingestion, "exception", "sentry.interfaces.Exception");
        JsonArray? values = exception is JsonArray array ? array : exception?["values"] as JsonArray;
        IEnumerable<JsonNode?> stacks = (values?.OfType<JsonObject>().Select(e => e["stacktrace"]) ?? [])
            .Append(FirstPresent(ingestion, "stacktrace", "sentry.interfaces.Stacktrace"))
            .Concat((ingestion["threads"]?["values"] as JsonArray)?.OfType<JsonObject>().Select(t => t["stacktrace"]) ?? []);
        return stacks.SelectMany(stack => (stack?["frames"] as JsonArray)?.OfType<JsonObject>() ?? []);
    }

    private static JsonObject Entry(string type, JsonNode data) => new() { ["data"] = data, ["type"] = type };

    private static JsonObject Exception(JsonObject single) => new()
    {
        ["type"] = single["type"]?.DeepClone(),
        ["value"] = IsTruthy(single["value"]) ? single["value"]!.DeepClone() : null,
        ["mechanism"] = single["mechanism"]?.DeepClone(),
        ["threadId"] = single["thread_id"]?.DeepClone(),
        ["module"] = single["module"]?.DeepClone(),
        ["stacktrace"] = single["stacktrace"] is JsonObject stacktrace ? Stacktrace(stacktrace) : null,
        ["rawStacktrace"] = null,
    };

    private static JsonObject Thread(JsonObject thread) => new()
    {
        ["id"] = thread["id"]?.DeepClone(),
        ["current"] = thread["current"]?.DeepClone(),
        ["crashed"] = thread["crashed"]?.DeepClone(),
        ["name"] = thread["name"]?.DeepClone(),
        ["stacktrace"] = thread["stacktrace"] is JsonObject stacktrace ? Stacktrace(stacktrace) : null,
        ["rawStacktrace"] = null,
    };

    // Sentry keeps a stack trace only when it has frames.
    private static JsonObject? Stacktrace(JsonObject stacktrace) =>
        stacktrace["frames"] is JsonArray frames && frames.OfType<JsonObject>().Any()
            ? new JsonObject
            {
                ["frames"] = new JsonArray([.. frames.OfType<JsonObject>().Select(Frame)]),
                ["framesOmitted"] = stacktrace["frames_omitted"]?.DeepClone(),
                ["registers"] = stacktrace["registers"]?.DeepClone(),
                ["hasSystemFrames"] = frames.OfType<JsonObject>().Any(f => IsTruthy(f["in_app"])),
            }
            : null;

    private static JsonObject Frame(JsonObject frame) => new()
    {
        ["filename"] = frame["filename"]?.DeepClone(),
        ["absPath"] = frame["abs_path"]?.DeepClone(),
        ["module"] = frame["module"]?.DeepClone(),
        ["package"] = frame["package"]?.DeepClone(),
        ["platform"] = frame["platform"]?.DeepClone(),
        ["instructionAddr"] = frame["instruction_addr"]?.DeepClone(),
        ["symbolAddr"] = frame["symbol_addr"]?.DeepClone(),
        ["function"] = frame["function"]?.DeepClone(),
        ["rawFunction"] = frame["raw_function"]?.DeepClone(),
        ["symbol"] = frame["symbol"]?.DeepClone(),
        ["context"] = Context(frame),
        ["lineNo"] = frame["lineno"]?.DeepClone(),
        ["colNo"] = frame["colno"]?.DeepClone(),
        ["inApp"] = frame["in_app"]?.DeepClone(),
        ["trust"] = frame["trust"]?.DeepClone(),
        ["errors"] = frame["errors"]?.DeepClone(),
        ["vars"] = frame["vars"]?.DeepClone(),
    };

    /// <summary>Sentry's <c>get_context</c>: <c>[line number, text]</c> pairs numbered around <c>lineno</c>.</summary>
    private static JsonArray Context(JsonObject frame)
    {
        var context = new JsonArray();
        JsonArray? before = frame["pre_context"] as JsonArray;
        JsonArray? after = frame["post_context"] as JsonArray;
        if (frame["lineno"] is not JsonValue lineNoValue || !lineNoValue.TryGetValue(out long lineNo)
            || (frame["context_line"] is null && (before is null || before.Count == 0) && (after is null || after.Count == 0)))
        {
            return context;
        }

        long at = lineNo - (before?.Count ?? 0);
        foreach (JsonNode? line in before ?? [])
        {
            context.Add(new JsonArray(at++, line?.DeepClone()));
        }

        context.Add(new JsonArray(at++, frame["context_line"]?.DeepClone()));
        foreach (JsonNode? line in after ?? [])
        {
            context.Add(new JsonArray(at++, line?.DeepClone()));
        }

        return context;
    }

    private static JsonNode? LegacyMessage(JsonObject ingestion, JsonNode? logEntry)
    {
        if (logEntry is JsonObject entry && (IsTruthy(entry["formatted"]) || IsTruthy(entry["message"])))
        {
            return (IsTruthy(entry["formatted"]) ? entry["formatted"] : entry["message"])!.DeepClone();
        }

        return ingestion["message"]?.DeepClone();
    }

    private static JsonArray Tags(JsonNode? tags) => tags switch
    {
        JsonArray pairs => new JsonArray([.. pairs.OfType<JsonArray>().Where(p => p.Count == 2).Select(p => new JsonObject { ["key"] = p[0]?.DeepClone(), ["value"] = p[1]?.DeepClone() })]),
        JsonObject map => new JsonArray([.. map.Select(p => new JsonObject { ["key"] = p.Key, ["value"] = p.Value?.DeepClone() })]),
        _ => [],
    };

    private static JsonNode? FirstPresent(JsonObject ingestion, string name, string legacyName) =>
        ingestion[name] is { } value && value.GetValueKind() != JsonValueKind.Null ? value : ingestion[legacyName];

    private static bool IsTruthy(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => node.GetValue<double>() != 0,
        JsonValueKind.String => node.GetValue<string>().Length > 0,
        JsonValueKind.Array => node.AsArray().Count > 0,
        JsonValueKind.Object => node.AsObject().Count > 0,
        _ => false,
    };
}
