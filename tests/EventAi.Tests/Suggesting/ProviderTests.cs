using System.Runtime.CompilerServices;
using System.Text.Json;
using EventAi.Testing;
using Microsoft.Extensions.AI;

namespace EventAi.Tests.Suggesting;

/// <summary>Each provider path end to end: the real SDK, HTTP and SSE against the local server.</summary>
public sealed class ProviderTests : ModelServerFixture
{
    [Test]
    public async Task OpenAi_path_streams_the_chunks_in_order()
    {
        Server.Enqueue(ModelReply.Stream("Hello", ", ", "world"));

        List<string> chunks = await CollectAsync(OpenAiClient().StreamAsync(Utf8(EventJson)));

        Assert.That(chunks, Is.EqualTo(new[] { "Hello", ", ", "world" }));
    }

    [Test]
    public async Task OpenAi_path_sends_model_messages_temperature_and_stream_flag_with_a_bearer_key()
    {
        var options = new SuggestionOptions { Model = "gpt-4o-mini", Temperature = 0.7f, MaxOutputTokens = 500, Random = new Random(1) };

        await CollectAsync(OpenAiClient(options).StreamAsync(Utf8(EventJson)));

        RecordedRequest request = Server.Requests.Single();
        JsonElement body = request.Json;
        Assert.That(request.Path, Is.EqualTo("/v1/chat/completions"));
        Assert.That(request.Header("Authorization"), Is.EqualTo($"Bearer {ApiKey}"));
        Assert.That(request.Header("api-key"), Is.Null);
        Assert.That(body.GetProperty("model").GetString(), Is.EqualTo("gpt-4o-mini"));
        Assert.That(body.GetProperty("stream").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("temperature").GetDouble(), Is.EqualTo(0.7).Within(1e-6));
        Assert.That(body.GetProperty("max_completion_tokens").GetInt32(), Is.EqualTo(500));
        JsonElement[] messages = body.GetProperty("messages").EnumerateArray().ToArray();
        Assert.That(messages.Select(m => m.GetProperty("role").GetString()), Is.EqualTo(new[] { "system", "user" }));
        Assert.That(messages[1].GetProperty("content").GetString(), Does.Contain("\"type\":\"ZeroDivisionError\""));
    }

    [Test]
    public async Task A_null_temperature_is_not_sent()
    {
        await CollectAsync(OpenAiClient(new SuggestionOptions { Model = "o3-mini", Temperature = null }).StreamAsync(Utf8(EventJson)));

        Assert.That(Server.Requests.Single().Json.TryGetProperty("temperature", out _), Is.False);
    }

    [Test]
    public async Task Azure_path_uses_the_deployment_the_pinned_api_version_and_the_api_key_header()
    {
        Server.Enqueue(ModelReply.Stream("Azure", " answer"));
        IChatClient chat = ModelService.CreateChatClient(AzureOptions("prod-gpt4o"), "gpt-4o");
        var client = new SuggestionClient(chat, new SuggestionOptions { Model = "gpt-4o" });

        List<string> chunks = await CollectAsync(client.StreamAsync(Utf8(EventJson)));

        RecordedRequest request = Server.Requests.Single();
        Assert.That(chunks, Is.EqualTo(new[] { "Azure", " answer" }));
        Assert.That(request.Path, Is.EqualTo("/openai/deployments/prod-gpt4o/chat/completions"));
        Assert.That(request.Query, Is.EqualTo($"?api-version={ModelService.AzureApiVersion}"));
        Assert.That(ModelService.AzureApiVersion, Does.Not.Contain("preview"));
        Assert.That(request.Header("api-key"), Is.EqualTo(ApiKey));
        Assert.That(request.Header("Authorization"), Is.Null);
        Assert.That(request.Json.GetProperty("stream").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Any_chat_client_can_be_used()
    {
        var client = new SuggestionClient(new ScriptedChatClient("custom ", "client"), new SuggestionOptions { Model = "local-llama" });

        List<string> chunks = await CollectAsync(client.StreamAsync(Utf8(EventJson)));

        Assert.That(chunks, Is.EqualTo(new[] { "custom ", "client" }));
    }

    [Test]
    public async Task Suggest_returns_the_whole_text_with_token_usage_and_finish_reason()
    {
        Server.Enqueue(ModelReply.Stream("Fix", " it") with { PromptTokens = 120, CompletionTokens = 9 });

        Suggestion suggestion = await OpenAiClient().SuggestAsync(Utf8(EventJson));

        Assert.That(suggestion.Text, Is.EqualTo("Fix it"));
        Assert.That(suggestion.InputTokens, Is.EqualTo(120));
        Assert.That(suggestion.OutputTokens, Is.EqualTo(9));
        Assert.That(suggestion.FinishReason, Is.EqualTo("stop"));
    }

    [Test]
    public async Task Empty_deltas_and_non_text_updates_are_skipped()
    {
        Server.Enqueue(ModelReply.Stream("a", "", "b") with { WithEmptyDeltas = true });

        List<string> chunks = await CollectAsync(OpenAiClient().StreamAsync(Utf8(EventJson)));

        Assert.That(chunks, Is.EqualTo(new[] { "a", "b" }));
    }

    /// <summary>A plain chat client of the kind a user writes for their own service; not a mock of ours.</summary>
    private sealed class ScriptedChatClient(params string[] chunks) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(chunks))));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "");
            foreach (string chunk in chunks)
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, chunk);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
