using System.Diagnostics;
using System.Text.Json;
using CsCheck;
using EventAi.Testing;
using EventAi.Tests.Suggesting;
using EventAi.Tests.Telemetry;
using EventAi.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace EventAi.Tests.Summarizing;

/// <summary>SuggestionClient.SummarizeAsync end to end: the real SDKs over HTTP to the local fake model server.</summary>
public sealed class SummarizeTests : ModelServerFixture
{
    private const string Answer = """
        {"headline":"ZeroDivisionError in divide() when b is 0","whats_wrong":"divide() in app.py line 3 divided by zero.",
         "trace":"divide() raised it.","possible_cause":"The caller passes b = 0.","confidence":0.8,"next_step":"Guard b before dividing."}
        """;

    private static readonly string[] Fields = ["headline", "whats_wrong", "trace", "possible_cause", "confidence", "next_step"];

    [Test]
    public async Task A_server_with_structured_output_gets_the_json_schema_and_the_summary_is_typed()
    {
        Server.Enqueue(ModelReply.Stream(Answer));

        IssueSummary summary = await OpenAiClient().SummarizeAsync(Utf8(EventJson));

        Assert.That(summary.Headline, Is.EqualTo("ZeroDivisionError in divide() when b is 0"));
        Assert.That(summary.WhatsWrong, Is.EqualTo("divide() in app.py line 3 divided by zero."));
        Assert.That(summary.Trace, Is.EqualTo("divide() raised it."));
        Assert.That(summary.PossibleCause, Is.EqualTo("The caller passes b = 0."));
        Assert.That(summary.Confidence, Is.EqualTo(0.8));
        Assert.That(summary.NextStep, Is.EqualTo("Guard b before dividing."));

        JsonElement body = Server.Requests.Single().Json;
        JsonElement format = body.GetProperty("response_format");
        Assert.That(format.GetProperty("type").GetString(), Is.EqualTo("json_schema"));
        JsonElement schema = format.GetProperty("json_schema").GetProperty("schema");
        Assert.That(schema.GetProperty("properties").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(Fields));
        Assert.That(schema.GetProperty("required").EnumerateArray().Select(p => p.GetString()), Is.EquivalentTo(Fields));
        Assert.That(body.GetProperty("messages")[0].GetProperty("content").GetString(), Is.EqualTo(SystemPrompt.Summary));
        Assert.That(body.GetProperty("messages")[1].GetProperty("content").GetString(), Does.StartWith("Summarize this error event.\n<event_description>"));
    }

    [Test]
    public async Task A_server_that_rejects_response_format_is_asked_with_the_schema_in_the_prompt_and_remembered()
    {
        Server.RejectsResponseFormat = true;
        Server.Enqueue(ModelReply.Stream(Answer), ModelReply.Stream(Answer));
        SuggestionClient client = OpenAiClient();

        IssueSummary first = await client.SummarizeAsync(Utf8(EventJson));
        IssueSummary second = await client.SummarizeAsync(Utf8(EventJson));

        Assert.That(first.Headline, Is.EqualTo(second.Headline).And.EqualTo("ZeroDivisionError in divide() when b is 0"));
        IReadOnlyList<RecordedRequest> requests = Server.Requests;
        Assert.That(requests, Has.Count.EqualTo(3), "one rejected request, then one request per summary");
        Assert.That(requests[0].Json.TryGetProperty("response_format", out _), Is.True);
        foreach (RecordedRequest request in requests.Skip(1))
        {
            Assert.That(request.Json.TryGetProperty("response_format", out _), Is.False, "no response_format once the server rejected it");
            string system = request.Json.GetProperty("messages")[0].GetProperty("content").GetString()!;
            Assert.That(system, Does.StartWith(SystemPrompt.Summary).And.Contain("\"whats_wrong\"").And.Contain("JSON schema"));
        }
    }

    [Test]
    public async Task A_free_text_answer_is_quoted_back_once_with_the_problem_then_the_valid_answer_is_used()
    {
        Server.Enqueue(ModelReply.Stream("Sure! The problem is a division by zero."), ModelReply.Stream("```json\n" + Answer + "\n```"));

        IssueSummary summary = await OpenAiClient().SummarizeAsync(Utf8(EventJson));

        Assert.That(summary.NextStep, Is.EqualTo("Guard b before dividing."));
        Assert.That(Server.Requests, Has.Count.EqualTo(2));
        JsonElement[] retry = [.. Server.Requests[1].Json.GetProperty("messages").EnumerateArray()];
        Assert.That(retry, Has.Length.EqualTo(4));
        Assert.That(retry[2].GetProperty("role").GetString(), Is.EqualTo("assistant"));
        Assert.That(retry[2].GetProperty("content").GetString(), Is.EqualTo("Sure! The problem is a division by zero."));
        Assert.That(retry[3].GetProperty("content").GetString(), Does.Contain("could not be used: the answer holds no JSON object"));
    }

    [TestCase("""{"headline":"h","whats_wrong":"w","trace":"t","possible_cause":"c","confidence":0.5}""", "next_step")]
    [TestCase("""{"headline":"h","whats_wrong":" ","trace":"t","possible_cause":"c","confidence":0.5,"next_step":"n"}""", "`whats_wrong` is empty")]
    [TestCase("""{"headline":"h","whats_wrong":"w","trace":"t","possible_cause":"c","confidence":1.5,"next_step":"n"}""", "`confidence` must be a number from 0 to 1")]
    [TestCase("""{"headline":"one two three four five six seven eight nine ten eleven twelve thirteen","whats_wrong":"w","trace":"t","possible_cause":"c","confidence":0.5,"next_step":"n"}""", "`headline` has 13 words")]
    [TestCase("""{"headline":"h","whats_wrong":"w","trace":"t","possible_cause":"c","confidence":"high","next_step":"n"}""", "not a summary")]
    [TestCase("""{"headline":"h","whats_wrong":null,"trace":"t","possible_cause":"c","confidence":0.5,"next_step":"n"}""", "not a summary")]
    public async Task An_incomplete_answer_twice_fails_with_the_raw_text_and_never_a_half_filled_summary(string answer, string problem)
    {
        Server.Enqueue(ModelReply.Stream(answer), ModelReply.Stream(answer));

        var error = Assert.ThrowsAsync<InvalidModelAnswerException>(() => OpenAiClient().SummarizeAsync(Utf8(EventJson)))!;

        Assert.That(error.Message, Does.Contain(problem));
        Assert.That(error.RawText, Is.EqualTo(answer));
        Assert.That(error, Is.InstanceOf<ModelServiceException>());
        Assert.That(Server.Requests, Has.Count.EqualTo(2));
        Assert.That(Server.Requests[1].Json.GetProperty("messages")[3].GetProperty("content").GetString(), Does.Contain(problem));
    }

    [Test]
    public async Task Azure_OpenAI_summaries_travel_the_deployment_path_with_the_schema()
    {
        Server.Enqueue(ModelReply.Stream(Answer));
        var client = new SuggestionClient(ModelService.CreateChatClient(AzureOptions("prod-gpt4o")));

        IssueSummary summary = await client.SummarizeAsync(Utf8(EventJson));

        Assert.That(summary.Confidence, Is.EqualTo(0.8));
        RecordedRequest request = Server.Requests.Single();
        Assert.That(request.Path, Is.EqualTo("/openai/deployments/prod-gpt4o/chat/completions"));
        Assert.That(request.Json.GetProperty("response_format").GetProperty("type").GetString(), Is.EqualTo("json_schema"));
    }

    [Test]
    public void A_rate_limit_is_not_mistaken_for_a_rejected_format()
    {
        Server.Enqueue(ModelReply.Error(429, "Rate limit reached", "rate_limit_exceeded", retryAfter: "3"));

        var error = Assert.ThrowsAsync<ModelRateLimitedException>(() => OpenAiClient().SummarizeAsync(Utf8(EventJson)))!;

        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_bad_request_for_another_reason_is_not_retried_without_the_schema()
    {
        Server.Enqueue(ModelReply.Error(400, "This model's maximum context length is 128000 tokens.", "invalid_request_error"));

        var error = Assert.ThrowsAsync<ModelServiceException>(() => OpenAiClient().SummarizeAsync(Utf8(EventJson)))!;

        Assert.That(error.Status, Is.EqualTo(400));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    [NonParallelizable]
    public async Task A_summary_is_traced_as_summarize_with_the_genai_chat_span_under_it()
    {
        using var capture = new TelemetryCapture();
        Server.Enqueue(ModelReply.Stream(Answer));

        await OpenAiClient(new SuggestionOptions { Model = "gpt-4o-mini" }).SummarizeAsync(Utf8(EventJson));

        Activity summarize = capture.Activities.Single(a => a.OperationName == EventAiTelemetry.SummarizeActivityName);
        Activity chat = capture.Activities.Single(a => a.DisplayName == "chat gpt-4o-mini");
        Assert.That(chat.ParentSpanId, Is.EqualTo(summarize.SpanId));
        Assert.That(summarize.GetTagItem("eventai.prompt.tone"), Is.EqualTo("summary"));
        Assert.That(summarize.GetTagItem("eventai.prompt.version"), Is.EqualTo(SystemPrompt.Version));
        Assert.That(capture.Of("gen_ai.client.token.usage").Count(), Is.EqualTo(2));
    }

    [Test]
    public void Whatever_the_model_answers_a_summary_has_exactly_the_schema_fields_or_the_call_fails()
    {
        Gen<string> fieldValue = Gen.OneOf(
            Gen.String[0, 20].Select(s => JsonSerializer.Serialize(s)),
            Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0"),
            Gen.Const("null"), Gen.Const("true"), Gen.Const("[]"), Gen.Const("{\"x\":1}"));
        Gen<string> name = Gen.OneOf(Gen.OneOfConst(Fields), Gen.Char["abcdefghij_"].Array[1, 8].Select(c => new string(c)));
        Gen<string> answer = Gen.OneOf(
            Gen.Select(name, fieldValue).Array[0, 9].Select(pairs => "{" + string.Join(",", pairs.Select(p => $"{JsonSerializer.Serialize(p.Item1)}:{p.Item2}")) + "}"),
            Gen.Select(Gen.Double[0, 1], Gen.Select(name, fieldValue).Array[0, 4]).Select(t =>
                Answer.TrimEnd()[..^1] + string.Concat(t.Item2.Select(p => $",{JsonSerializer.Serialize(p.Item1 + "_extra")}:{p.Item2}")) + "}"),
            Gen.String[0, 40]);

        SuggestionClient client = OpenAiClient();
        SeededProperty.Check(answer, text =>
        {
            Server.DefaultReply = ModelReply.Stream(text);
            try
            {
                IssueSummary summary = client.SummarizeAsync(Utf8(EventJson)).GetAwaiter().GetResult();
                using JsonDocument written = JsonDocument.Parse(IssueSummaryJson.Serialize(summary));
                return written.RootElement.EnumerateObject().Select(p => p.Name).SequenceEqual(Fields)
                    && summary.Confidence is >= 0 and <= 1
                    && !string.IsNullOrWhiteSpace(summary.Headline) && !string.IsNullOrWhiteSpace(summary.NextStep);
            }
            catch (InvalidModelAnswerException e)
            {
                return e.RawText == text;
            }
        }, seed: 1501, cases: 300);
    }
}
