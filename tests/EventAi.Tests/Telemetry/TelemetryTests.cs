using System.Diagnostics;
using EventAi.Testing;
using EventAi.Tests.Suggesting;

namespace EventAi.Tests.Telemetry;

/// <summary>Spans and metrics of a streamed suggestion, following the OpenTelemetry GenAI conventions.</summary>
[NonParallelizable]
public sealed class TelemetryTests : ModelServerFixture
{
    private const string SecretText = "division by zero";

    [Test]
    public async Task A_streamed_suggestion_emits_the_genai_chat_span_under_the_eventai_span()
    {
        using var capture = new TelemetryCapture();
        Server.Enqueue(ModelReply.Stream("a", "b") with { PromptTokens = 120, CompletionTokens = 9 });

        await CollectAsync(OpenAiClient(new SuggestionOptions { Model = "gpt-4o-mini" }).StreamAsync(Utf8(EventJson)));

        Activity suggest = capture.Activities.Single(a => a.OperationName == EventAiTelemetry.SuggestActivityName);
        Activity chat = capture.Activities.Single(a => a.DisplayName == "chat gpt-4o-mini");
        Assert.That(chat.ParentSpanId, Is.EqualTo(suggest.SpanId));
        Assert.That(chat.GetTagItem("gen_ai.operation.name"), Is.EqualTo("chat"));
        Assert.That(chat.GetTagItem("gen_ai.request.model"), Is.EqualTo("gpt-4o-mini"));
        Assert.That(chat.GetTagItem("gen_ai.provider.name") ?? chat.GetTagItem("gen_ai.system"), Is.EqualTo("openai"));
        Assert.That(chat.GetTagItem("gen_ai.usage.input_tokens"), Is.EqualTo(120));
        Assert.That(chat.GetTagItem("gen_ai.usage.output_tokens"), Is.EqualTo(9));
        Assert.That(chat.GetTagItem("gen_ai.response.finish_reasons"), Is.EqualTo("[\"stop\"]"));
        Assert.That(suggest.GetTagItem("eventai.prompt.version"), Is.EqualTo(SystemPrompt.Version));
        Assert.That(suggest.GetTagItem("eventai.description.exceptions"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_streamed_suggestion_records_token_usage_duration_and_time_to_first_chunk()
    {
        using var capture = new TelemetryCapture();
        Server.Enqueue(ModelReply.Stream("a", "b") with { PromptTokens = 120, CompletionTokens = 9 });

        await CollectAsync(OpenAiClient(new SuggestionOptions { Model = "gpt-4o-mini" }).StreamAsync(Utf8(EventJson)));

        var usage = capture.Of("gen_ai.client.token.usage").ToArray();
        Assert.That(usage.Single(m => Equals(m.Tags["gen_ai.token.type"], "input")).Value, Is.EqualTo(120));
        Assert.That(usage.Single(m => Equals(m.Tags["gen_ai.token.type"], "output")).Value, Is.EqualTo(9));
        Assert.That(capture.Of("gen_ai.client.operation.duration").Single().Value, Is.GreaterThan(0));
        var firstChunk = capture.Of("gen_ai.client.operation.time_to_first_chunk").Single();
        Assert.That(firstChunk.Value, Is.GreaterThan(0));
        Assert.That(firstChunk.Tags["gen_ai.request.model"], Is.EqualTo("gpt-4o-mini"));
        Assert.That(capture.Of("gen_ai.client.operation.time_per_output_chunk").Count(), Is.GreaterThan(0));
        Assert.That(capture.Of(EventAiTelemetry.DescribeDuration).Count(), Is.EqualTo(1));
    }

    [Test]
    public void Describing_records_trimmed_frames()
    {
        using var capture = new TelemetryCapture();
        string json = Describing.Describe.WithFrames(Enumerable.Range(0, 20).Select(_ => "{}").ToArray());

        Describing.Describe.Event(json);

        Assert.That(capture.Of(EventAiTelemetry.FramesTrimmed).Sum(m => m.Value), Is.EqualTo(6));
    }

    [Test]
    public void Describing_counts_redactions_by_rule()
    {
        using var capture = new TelemetryCapture();

        Describing.Describe.Event("""{"message":"mail bob@example.com and alice@example.com from 10.1.2.3"}""");

        var redactions = capture.Of(EventAiTelemetry.ScrubRedactions).ToArray();
        Assert.That(redactions.Select(m => (m.Tags["eventai.scrub.rule"], m.Value)), Is.EquivalentTo(new (object?, double)[] { ("Email", 2), ("IpAddress", 1) }));
    }

    [Test]
    public async Task No_event_text_appears_in_any_attribute_by_default()
    {
        using var capture = new TelemetryCapture();

        await CollectAsync(OpenAiClient().StreamAsync(Utf8(EventJson)));

        Assert.That(capture.Activities, Is.Not.Empty);
        Assert.That(capture.AllTagValues(), Has.None.Contains(SecretText).And.None.Contains("ZeroDivisionError").And.None.Contains("event_description"));
    }

    [Test]
    public async Task Message_content_is_recorded_only_when_enabled()
    {
        using var capture = new TelemetryCapture();

        await CollectAsync(OpenAiClient(new SuggestionOptions { RecordContent = true }).StreamAsync(Utf8(EventJson)));

        Assert.That(capture.AllTagValues(), Has.Some.Contains(SecretText));
    }

    [Test]
    public void A_failed_suggestion_marks_the_span_as_an_error()
    {
        using var capture = new TelemetryCapture();
        Server.DefaultReply = ModelReply.Error(429, "Rate limit reached", "rate_limit_exceeded", retryAfter: "1");

        Assert.ThrowsAsync<ModelRateLimitedException>(async () => await CollectAsync(OpenAiClient().StreamAsync(Utf8(EventJson))));

        Activity suggest = capture.Activities.Single(a => a.OperationName == EventAiTelemetry.SuggestActivityName);
        Assert.That(suggest.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(suggest.GetTagItem("error.type"), Is.EqualTo("429"));
    }
}
