using System.Text.Json;
using Microsoft.Extensions.AI;

namespace EventAi.Tests.Suggesting;

/// <summary>
/// Which model goes on the wire: the chat client's own unless <see cref="SuggestionOptions.Model"/> overrides it;
/// detailed descriptions and the token budget follow that same effective model.
/// </summary>
public sealed class ModelIdTests : ModelServerFixture
{
    // Two frames with source context: a detailed description gives both their context, a plain one only the crash frame.
    private const string TwoFrameEvent = """
        {"exception":{"values":[{"type":"ZeroDivisionError","value":"division by zero","stacktrace":{"frames":[
          {"function":"main","filename":"app.py","lineno":9,"pre_context":["import sys"],"context_line":"main()","post_context":["# end"]},
          {"function":"divide","filename":"app.py","lineno":3,"pre_context":["def divide(a, b):"],"context_line":"  return a / b","post_context":[""]}]}}]}}
        """;

    [Test]
    public async Task Without_a_model_option_the_model_the_chat_client_was_created_for_goes_on_the_wire()
    {
        var client = new SuggestionClient(ChatClientFor("gpt-4o"), new SuggestionOptions());

        await CollectAsync(client.StreamAsync(Utf8(EventJson)));

        Assert.That(Server.Requests.Single().Json.GetProperty("model").GetString(), Is.EqualTo("gpt-4o"));
        Assert.That(client.Model, Is.EqualTo("gpt-4o"));
    }

    [Test]
    public async Task A_model_option_overrides_the_chat_clients_model_on_the_wire()
    {
        var client = new SuggestionClient(ChatClientFor("gpt-4o"), new SuggestionOptions { Model = "gpt-4.1-mini" });

        await CollectAsync(client.StreamAsync(Utf8(EventJson)));

        Assert.That(Server.Requests.Single().Json.GetProperty("model").GetString(), Is.EqualTo("gpt-4.1-mini"));
        Assert.That(client.Model, Is.EqualTo("gpt-4.1-mini"));
    }

    [Test]
    public async Task A_chat_client_that_names_no_model_gets_no_model_id_from_eventai()
    {
        var chat = new RecordingChatClient();
        var client = new SuggestionClient(chat, new SuggestionOptions());

        await CollectAsync(client.StreamAsync(Utf8(EventJson)));

        Assert.That(chat.ModelIds, Is.EqualTo(new string?[] { null }));
        Assert.That(client.Model, Is.Null);
    }

    [TestCase("gpt-4o", null, true)]
    [TestCase("llama3.2", null, false)]
    [TestCase("llama3.2", "gpt-4o", true)]
    [TestCase("gpt-4o", "llama3.2", false)]
    public async Task Detailed_descriptions_follow_the_effective_model(string boundModel, string? modelOption, bool detailed)
    {
        var client = new SuggestionClient(ChatClientFor(boundModel), new SuggestionOptions { Model = modelOption });

        await CollectAsync(client.StreamAsync(Utf8(TwoFrameEvent)));

        JsonElement description = DescriptionSent();
        JsonElement callerFrame = description.GetProperty("exceptions")[0].GetProperty("stacktrace")[1];
        Assert.That(callerFrame.GetProperty("func").GetString(), Is.EqualTo("main"));
        Assert.That(callerFrame.TryGetProperty("code_before", out _), Is.EqualTo(detailed));
    }

    [Test]
    public void The_token_budget_counts_with_the_tokenizer_of_the_effective_model()
    {
        // gpt-4 counts with cl100k_base, gpt-4o with o200k_base; both are detailed, so the description is the same.
        string unreduced = new EventDescriber(new DescribeOptions { Detailed = true, Scrub = { Enabled = true } }).Describe(Utf8(TwoFrameEvent)).ToJson();
        int cl100k = TokenCounter.CountTokens(unreduced, "gpt-4");
        int o200k = TokenCounter.CountTokens(unreduced, "gpt-4o");
        Assume.That(cl100k, Is.Not.EqualTo(o200k), "the two tokenizers must count this description differently");
        var budget = new DescribeOptions { MaxTokens = Math.Min(cl100k, o200k) };
        string larger = cl100k > o200k ? "gpt-4" : "gpt-4o";
        string smaller = cl100k > o200k ? "gpt-4o" : "gpt-4";

        bool ReducedFor(string boundModel, string? modelOption) =>
            new SuggestionClient(ChatClientFor(boundModel), new SuggestionOptions { Model = modelOption, Describe = budget })
                .Describer.Describe(Utf8(TwoFrameEvent)).ReducedToFitTokenBudget;

        Assert.That(ReducedFor(larger, null), Is.True, $"{larger} bound to the client counts {Math.Max(cl100k, o200k)} tokens");
        Assert.That(ReducedFor(smaller, null), Is.False, $"{smaller} bound to the client counts {Math.Min(cl100k, o200k)} tokens");
        Assert.That(ReducedFor(smaller, larger), Is.True, "the model option decides over the bound model");
    }

    private IChatClient ChatClientFor(string model) => ModelService.CreateChatClient(OpenAiOptions(), model);

    private JsonElement DescriptionSent()
    {
        string user = Server.Requests.Single().Json.GetProperty("messages")[1].GetProperty("content").GetString()!;
        int start = user.IndexOf('{', StringComparison.Ordinal);
        int end = user.LastIndexOf('}');
        return JsonDocument.Parse(user[start..(end + 1)]).RootElement.Clone();
    }

    /// <summary>A chat client of the user's own that names no model (no <see cref="ChatClientMetadata"/>).</summary>
    private sealed class RecordingChatClient : IChatClient
    {
        public List<string?> ModelIds { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ModelIds.Add(options?.ModelId);
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
