using EventAi.Testing;
using Microsoft.Extensions.AI;

namespace EventAi.Tests.Suggesting;

/// <summary>Starts one fake model server per test and builds clients that talk to it over HTTP.</summary>
public abstract class ModelServerFixture
{
    protected const string ApiKey = "sk-test-9f8e7d6c5b4a-secret";

    protected const string EventJson = """
        {"platform":"python","exception":{"values":[{"type":"ZeroDivisionError","value":"division by zero",
          "stacktrace":{"frames":[{"function":"divide","filename":"app.py","lineno":3,"in_app":true,"context_line":"  return a / b"}]}}]}}
        """;

    protected FakeModelServer Server { get; private set; } = null!;

    [SetUp]
    public async Task StartServer() => Server = await FakeModelServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await Server.DisposeAsync();

    protected ModelServiceOptions OpenAiOptions(int maxRetries = 2) => new()
    {
        Provider = ModelProvider.OpenAI,
        ApiKey = ApiKey,
        Endpoint = Server.OpenAiBaseUrl,
        MaxRetries = maxRetries,
    };

    protected ModelServiceOptions AzureOptions(string deployment = "my-deployment") => new()
    {
        Provider = ModelProvider.AzureOpenAI,
        ApiKey = ApiKey,
        Endpoint = Server.BaseUrl,
        Deployment = deployment,
        MaxRetries = 2,
    };

    protected SuggestionClient OpenAiClient(SuggestionOptions? options = null, int maxRetries = 2)
    {
        options ??= new SuggestionOptions { Random = new Random(7) };
        IChatClient chat = ModelService.CreateChatClient(OpenAiOptions(maxRetries), options.Model);
        return new SuggestionClient(chat, options);
    }

    protected static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    protected static async Task<List<string>> CollectAsync(IAsyncEnumerable<string> stream, CancellationToken cancellationToken = default)
    {
        var chunks = new List<string>();
        await foreach (string chunk in stream.WithCancellation(cancellationToken))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
