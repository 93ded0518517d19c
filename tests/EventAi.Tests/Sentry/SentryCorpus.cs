using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventAi.Tests.Describing;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Sentry;

/// <summary>
/// One issue of organization <c>acme</c>, project <c>backend</c>, whose events are corpus events in the API
/// shape, oldest first: ruby, java (the recommended one), cocoa (with threads).
/// </summary>
internal static class SentryCorpus
{
    public const string Organization = "acme";
    public const string Project = "backend";
    public const string IssueId = "123";
    public const string OldestId = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    public const string RecommendedId = "9999aaaaca8b46d797c23c6077c6ff01";
    public const string LatestId = "abc1230000000000000000000000beef";

    public static IReadOnlyList<(string EventId, byte[] Json)> Events()
    {
        SharedCorpus.RequirePresent();
        return
        [
            (OldestId, Api("ruby.json", OldestId)),
            (RecommendedId, Api("java.json", RecommendedId)),
            (LatestId, Api("cocoa.json", LatestId)),
        ];
    }

    /// <summary>A corpus event in the API shape, with the ids the fake server serves it under.</summary>
    public static byte[] Api(string sample, string eventId, string issueId = IssueId, string projectId = "42")
    {
        JsonObject api = SentryApiShape.Convert(JsonNode.Parse(File.ReadAllBytes(SharedCorpus.SamplePath(sample)))!.AsObject());
        api["id"] = eventId;
        api["eventID"] = eventId;
        api["groupID"] = issueId;
        api["projectID"] = projectId;
        return JsonSerializer.SerializeToUtf8Bytes(api);
    }

    public static async Task<FakeSentryServer> StartAsync()
    {
        FakeSentryServer server = await FakeSentryServer.StartAsync();
        server.AddIssue(Organization, IssueId, Project, Events(), recommended: 1);
        return server;
    }

    public static string Text(ReadOnlyMemory<byte> json) => Encoding.UTF8.GetString(json.Span);
}
