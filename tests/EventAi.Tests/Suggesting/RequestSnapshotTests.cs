using System.Text.Json;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Suggesting;

/// <summary>The full chat request body for real corpus events, as it went over the wire.</summary>
public sealed class RequestSnapshotTests : ModelServerFixture
{
    [TestCase("python.json")]
    [TestCase("cocoa.json")]
    public async Task Request_body_matches_its_snapshot(string sample)
    {
        byte[] json = await File.ReadAllBytesAsync(SharedCorpus.SamplePath(sample));
        var options = new SuggestionOptions { Model = "gpt-4o-mini", Tone = PromptTone.Professional, Random = new Random(1) };

        await CollectAsync(OpenAiClient(options).StreamAsync(json));

        JsonElement body = Server.Requests.Single().Json;
        string indented = JsonSerializer.Serialize(body, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Snapshot.Match(indented.Replace("\r\n", "\n", StringComparison.Ordinal), $"request.{Path.GetFileNameWithoutExtension(sample)}");
    }
}
