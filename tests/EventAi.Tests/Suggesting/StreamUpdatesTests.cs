using EventAi.Testing;

namespace EventAi.Tests.Suggesting;

/// <summary>
/// <see cref="SuggestionClient.StreamUpdatesAsync"/> over the real SDK and the local server: the text as it
/// arrives, and the token usage and finish reason that only the end of the stream carries.
/// </summary>
public sealed class StreamUpdatesTests : ModelServerFixture
{
    [Test]
    public async Task A_stream_yields_the_text_then_the_finish_reason_and_the_token_usage()
    {
        Server.Enqueue(ModelReply.Stream("Check ", "b.") with { PromptTokens = 311, CompletionTokens = 17, FinishReason = "length" });
        SuggestionClient client = OpenAiClient();

        var updates = new List<SuggestionUpdate>();
        await foreach (SuggestionUpdate update in client.StreamUpdatesAsync(client.Describer.Describe(Utf8(EventJson))))
        {
            updates.Add(update);
        }

        Assert.That(string.Concat(updates.Select(u => u.Text)), Is.EqualTo("Check b."));
        Assert.That(updates.Take(2).Select(u => u.Text), Is.EqualTo(new[] { "Check ", "b." }), "text deltas come first, one per chunk");
        Assert.That(updates.Where(u => u.FinishReason is not null).Select(u => u.FinishReason).Distinct(), Is.EqualTo(new[] { "length" }));
        SuggestionUpdate usage = updates.Single(u => u.InputTokens is not null);
        Assert.That((usage.InputTokens, usage.OutputTokens, usage.Text), Is.EqualTo((311L, 17L, "")));
        Assert.That(updates[^1], Is.SameAs(usage), "usage is reported last");
        Assert.That(Server.Requests.Single().Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean(), Is.True,
            "the SDK asks for the usage chunk, which OpenAI only sends when asked");
    }

    [Test]
    public async Task Updates_without_text_usage_or_finish_reason_are_skipped()
    {
        Server.Enqueue(ModelReply.Stream("a", "", "b") with { WithEmptyDeltas = true });
        SuggestionClient client = OpenAiClient();

        var updates = new List<SuggestionUpdate>();
        await foreach (SuggestionUpdate update in client.StreamUpdatesAsync(client.Describer.Describe(Utf8(EventJson))))
        {
            updates.Add(update);
        }

        Assert.That(updates, Has.All.Matches<SuggestionUpdate>(u => u.Text.Length > 0 || u.FinishReason is not null || u.InputTokens is not null));
        Assert.That(updates.Where(u => u.Text.Length > 0).Select(u => u.Text), Is.EqualTo(new[] { "a", "b" }));
    }
}
