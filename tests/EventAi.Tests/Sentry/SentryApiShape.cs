using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventAi.Tests.Sentry;

/// <summary>
/// Builds the API shape of an event (what <c>GET /api/0/.../events/{id}/</c> returns) from an ingestion
/// payload, as Sentry's published OpenAPI example of <c>getOrganizationIssueEvent</c> shows it
/// (getsentry/sentry-api-schema): exceptions, the message, the top-level stack trace and threads become
/// <c>entries</c> of type <c>exception</c>, <c>message</c>, <c>stacktrace</c> and <c>threads</c>; frames are
/// camel-cased (<c>lineNo</c>, <c>colNo</c>, <c>inApp</c>, <c>absPath</c>, <c>rawFunction</c>...) and carry
/// their source as <c>context</c>, a list of <c>[line number, text]</c> pairs; exceptions have <c>threadId</c>.
/// Test data only: the fake Sentry API serves what this makes.
/// </summary>
internal static class SentryApiShape
{
    public static byte[] FromIngestion(byte[] ingestion, string eventId, string issueId, string projectId = "42")
    {
        JsonObject source = JsonNode.Parse(ingestion)!.AsObject();
        var entries = new JsonArray();

        if (Interface(source, "exception", "sentry.interfaces.Exception") is { } exception)
        {
            JsonArray values = exception as JsonArray ?? (exception["values"] as JsonArray) ?? [];
            entries.Add(Entry("exception", new JsonObject
            {
                ["values"] = new JsonArray([.. values.Select(Exception)]),
                ["excOmitted"] = null,
                ["hasSystemFrames"] = true,
            }));
        }

        if (Interface(source, "logentry", "sentry.interfaces.Message") is JsonObject logentry)
        {
            entries.Add(Entry("message", new JsonObject
            {
                ["formatted"] = (logentry["formatted"] ?? logentry["message"])?.DeepClone(),
                ["message"] = logentry["message"]?.DeepClone(),
                ["params"] = logentry["params"]?.DeepClone(),
            }));
        }

        if (Interface(source, "stacktrace", "sentry.interfaces.Stacktrace") is JsonObject stacktrace)
        {
            entries.Add(Entry("stacktrace", Stacktrace(stacktrace)));
        }

        if (source["threads"] is JsonObject { } threads && threads["values"] is JsonArray threadValues)
        {
            entries.Add(Entry("threads", new JsonObject { ["values"] = new JsonArray([.. threadValues.Select(Thread)]) }));
        }

        var api = new JsonObject
        {
            ["id"] = eventId,
            ["groupID"] = issueId,
            ["eventID"] = eventId,
            ["projectID"] = projectId,
            ["message"] = source["message"] is JsonValue message && message.GetValueKind() == JsonValueKind.String ? message.DeepClone() : "",
            ["title"] = source["title"]?.DeepClone() ?? source["culprit"]?.DeepClone() ?? "",
            ["platform"] = source["platform"]?.DeepClone(),
            ["type"] = "error",
            ["dateCreated"] = "2026-01-02T03:04:05.000000Z",
            ["tags"] = Tags(source["tags"]),
            ["contexts"] = source["contexts"]?.DeepClone() ?? new JsonObject(),
            ["sdk"] = source["sdk"]?.DeepClone(),
            ["entries"] = entries,
        };
        return JsonSerializer.SerializeToUtf8Bytes(api);
    }

    private static JsonNode? Interface(JsonObject source, string name, string legacyName) =>
        source[name] is { } value && value.GetValueKind() != JsonValueKind.Null ? value : source[legacyName];

    private static JsonObject Entry(string type, JsonObject data) => new() { ["type"] = type, ["data"] = data };

    private static JsonNode? Exception(JsonNode? node) => node is not JsonObject value ? node?.DeepClone() : new JsonObject
    {
        ["type"] = value["type"]?.DeepClone(),
        ["value"] = value["value"]?.DeepClone(),
        ["module"] = value["module"]?.DeepClone(),
        ["mechanism"] = value["mechanism"]?.DeepClone(),
        ["threadId"] = value["thread_id"]?.DeepClone(),
        ["stacktrace"] = value["stacktrace"] is JsonObject stacktrace ? Stacktrace(stacktrace) : null,
        ["rawStacktrace"] = null,
    };

    private static JsonNode? Thread(JsonNode? node) => node is not JsonObject thread ? node?.DeepClone() : new JsonObject
    {
        ["id"] = thread["id"]?.DeepClone(),
        ["name"] = thread["name"]?.DeepClone(),
        ["crashed"] = thread["crashed"]?.DeepClone(),
        ["current"] = thread["current"]?.DeepClone(),
        ["stacktrace"] = thread["stacktrace"] is JsonObject stacktrace ? Stacktrace(stacktrace) : null,
    };

    private static JsonObject Stacktrace(JsonObject stacktrace) => new()
    {
        ["frames"] = stacktrace["frames"] is JsonArray frames ? new JsonArray([.. frames.Select(Frame)]) : stacktrace["frames"]?.DeepClone(),
        ["framesOmitted"] = null,
        ["registers"] = stacktrace["registers"]?.DeepClone(),
        ["hasSystemFrames"] = true,
    };

    private static JsonNode? Frame(JsonNode? node)
    {
        if (node is not JsonObject frame)
        {
            return node?.DeepClone();
        }

        var api = new JsonObject
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
            ["inApp"] = frame["in_app"]?.DeepClone() ?? false,
            ["trust"] = null,
            ["errors"] = null,
            ["vars"] = frame["vars"]?.DeepClone(),
        };
        return api;
    }

    // [line number, text] pairs: pre_context ends just before lineno, post_context starts just after it.
    private static JsonArray Context(JsonObject frame)
    {
        var context = new JsonArray();
        if (frame["lineno"] is not JsonValue lineValue || !lineValue.TryGetValue(out int line))
        {
            return context;
        }

        JsonArray pre = frame["pre_context"] as JsonArray ?? [];
        for (int i = 0; i < pre.Count; i++)
        {
            context.Add(new JsonArray(line - pre.Count + i, pre[i]?.DeepClone()));
        }

        if (frame["context_line"] is { } contextLine)
        {
            context.Add(new JsonArray(line, contextLine.DeepClone()));
        }

        JsonArray post = frame["post_context"] as JsonArray ?? [];
        for (int i = 0; i < post.Count; i++)
        {
            context.Add(new JsonArray(line + 1 + i, post[i]?.DeepClone()));
        }

        return context;
    }

    private static JsonArray Tags(JsonNode? tags) => tags switch
    {
        JsonObject map => new JsonArray([.. map.Select(tag => (JsonNode)new JsonObject { ["key"] = tag.Key, ["value"] = tag.Value?.DeepClone() })]),
        JsonArray pairs => new JsonArray([.. pairs.Select(pair => (JsonNode)(pair is JsonArray { Count: 2 } kv
            ? new JsonObject { ["key"] = kv[0]?.DeepClone(), ["value"] = kv[1]?.DeepClone() }
            : pair?.DeepClone()!))]),
        _ => [],
    };
}
