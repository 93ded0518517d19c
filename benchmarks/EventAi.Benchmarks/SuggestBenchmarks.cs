using System.ClientModel;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EventAi.Testing;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace EventAi.Benchmarks;

/// <summary>
/// Time to first chunk and total time of a streamed suggestion through <see cref="SuggestionClient"/>,
/// against the raw OpenAI SDK call (<c>ChatClient.CompleteChatStreamingAsync</c>) with the same
/// messages, on the same local model server, in the same run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SuggestBenchmarks
{
    private FakeModelServer _server = null!;
    private ChatClient _raw = null!;
    private SuggestionClient _ours = null!;
    private EventDescription _description = null!;
    private List<OpenAI.Chat.ChatMessage> _rawMessages = null!;

    [Params(5, 50)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public async Task Start()
    {
        _server = await FakeModelServer.StartAsync();
        _server.DefaultReply = ModelReply.Stream([.. Enumerable.Range(0, Chunks).Select(i => $"token{i} ")]);
        var options = new SuggestionOptions { Model = "gpt-4o-mini", Tone = PromptTone.Professional };
        var service = new ModelServiceOptions { ApiKey = "sk-bench", Endpoint = _server.OpenAiBaseUrl, MaxRetries = 0 };
        _ours = new SuggestionClient(ModelService.CreateChatClient(service, options.Model), options);
        _raw = new OpenAIClient(new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Endpoint = _server.OpenAiBaseUrl, RetryPolicy = null })
            .GetChatClient(options.Model);

        _description = _ours.Describer.Describe(BenchmarkEvents.LoadOne(BenchmarkEvents.Names().First()));
        IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages = _ours.BuildMessages(_description);
        _rawMessages = [new SystemChatMessage(messages[0].Text), new UserChatMessage(messages[1].Text)];
    }

    [GlobalCleanup]
    public async Task Stop() => await _server.DisposeAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("FirstChunk")]
    public async Task<string> RawSdk_FirstChunk()
    {
        await foreach (StreamingChatCompletionUpdate update in _raw.CompleteChatStreamingAsync(_rawMessages, new ChatCompletionOptions { Temperature = 0.7f }))
        {
            if (update.ContentUpdate.Count > 0 && update.ContentUpdate[0].Text.Length > 0)
            {
                return update.ContentUpdate[0].Text;
            }
        }

        return "";
    }

    [Benchmark]
    [BenchmarkCategory("FirstChunk")]
    public async Task<string> SuggestionClient_FirstChunk()
    {
        await foreach (string chunk in _ours.StreamAsync(_description))
        {
            return chunk;
        }

        return "";
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Total")]
    public async Task<int> RawSdk_Total()
    {
        int length = 0;
        await foreach (StreamingChatCompletionUpdate update in _raw.CompleteChatStreamingAsync(_rawMessages, new ChatCompletionOptions { Temperature = 0.7f }))
        {
            foreach (ChatMessageContentPart part in update.ContentUpdate)
            {
                length += part.Text.Length;
            }
        }

        return length;
    }

    [Benchmark]
    [BenchmarkCategory("Total")]
    public async Task<int> SuggestionClient_Total()
    {
        int length = 0;
        await foreach (string chunk in _ours.StreamAsync(_description))
        {
            length += chunk.Length;
        }

        return length;
    }
}
