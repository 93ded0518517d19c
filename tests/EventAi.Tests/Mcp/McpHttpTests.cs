using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using EventAi.AspNetCore;
using EventAi.Testing;
using EventAi.Tests.Sentry;
using EventAi.Tests.Suggesting;
using EventAi.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace EventAi.Tests.Mcp;

/// <summary><c>MapEventAiMcp</c> on a real Kestrel host, spoken to over streamable HTTP by the SDK's own client.</summary>
[CancelAfter(60_000)]
public sealed class McpHttpTests : ModelServerFixture
{
    private FakeSentryServer _sentry = null!;
    private WebApplication? _host;
    private readonly List<IAsyncDisposable> _clients = [];
    private readonly ConcurrentQueue<OpenAiPolicyContext> _policyCalls = new();

    [SetUp]
    public async Task StartSentry()
    {
        _policyCalls.Clear();
        _sentry = await SentryCorpus.StartAsync();
    }

    [TearDown]
    public async Task StopAll()
    {
        foreach (IAsyncDisposable client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();

        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
            _host = null;
        }

        await _sentry.DisposeAsync();
    }

    private async Task<Uri> StartHostAsync(int requestsPerSecond = 100, bool consentRequired = false)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        EventAiBuilder eventAi = builder.Services.AddEventAi(options =>
        {
            options.ModelService = OpenAiOptions();
            options.Suggestions = new SuggestionOptions { Model = "gpt-4o-mini", Random = new Random(1) };
        }).AddSentry(options => (options.BaseUrl, options.AuthToken) = (_sentry.BaseUrl, FakeSentryServer.Token));
        builder.Services.AddSingleton<IOpenAiPolicyCheck>(new RecordingCheck(_policyCalls, consentRequired));
        builder.Services.AddMcpServer().WithHttpTransport().WithEventAiTools();
        _host = builder.Build();
        _host.MapEventAiMcp("/api/{organization}/mcp", options =>
        {
            options.User = context => context.Request.Headers["x-user"].FirstOrDefault();
            options.RequestsPerSecond = requestsPerSecond;
        });
        await _host.StartAsync();
        return new Uri(_host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private async Task<McpClient> ConnectAsync(Uri host, string path = "/api/acme/mcp")
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(host, path),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["x-user"] = "ana" },
        });
        McpClient client = await McpClient.CreateAsync(transport);
        _clients.Add(client);
        return client;
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));

    private static Dictionary<string, object?> Event(object value) => new() { ["event"] = value };

    [Test]
    public async Task Lists_and_calls_describe_event_over_http()
    {
        McpClient client = await ConnectAsync(await StartHostAsync());
        byte[] json = File.ReadAllBytes(SharedCorpus.SamplePath("android.json"));

        IList<McpClientTool> tools = await client.ListToolsAsync();
        CallToolResult result = await client.CallToolAsync("describe_event", Event(Encoding.UTF8.GetString(json)));

        Assert.That(tools.Select(t => t.Name), Is.EquivalentTo(new[] { "describe_event", "suggest_fix", "summarize_issue" }));
        Assert.That(Text(result), Is.EqualTo(new EventDescriber().Describe(json).ToJson()));
    }

    [Test]
    public async Task The_transport_is_stateless()
    {
        Uri host = await StartHostAsync();
        using var http = new HttpClient();

        using HttpResponseMessage get = await http.GetAsync(new Uri(host, "/api/acme/mcp"));

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Suggestions_for_events_of_one_sentry_issue_share_one_model_call()
    {
        McpClient client = await ConnectAsync(await StartHostAsync());
        Server.Enqueue(ModelReply.Stream("Renew the token."));

        CallToolResult first = await client.CallToolAsync("suggest_fix", Event(_sentry.BaseUrl + "organizations/acme/issues/123/events/latest/"));
        CallToolResult second = await client.CallToolAsync("suggest_fix", Event(_sentry.BaseUrl + "organizations/acme/issues/123/events/oldest/"));

        Assert.That((Text(first), Text(second)), Is.EqualTo(("Renew the token.", "Renew the token.")));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
        Assert.That(_sentry.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Summarize_issue_returns_structured_content_over_http()
    {
        McpClient client = await ConnectAsync(await StartHostAsync());
        Server.Enqueue(ModelReply.Stream("""
            {"headline":"Token expired","whats_wrong":"Auth failed.","trace":"login()","possible_cause":"Old token.","confidence":0.9,"next_step":"Renew it."}
            """));

        CallToolResult result = await client.CallToolAsync("summarize_issue", Event(EventJson));

        Assert.That(result.IsError, Is.Not.True, Text(result));
        Assert.That(result.StructuredContent!.Value.GetProperty("possible_cause").GetString(), Is.EqualTo("Old token."));
    }

    [Test]
    public async Task The_policy_sees_the_caller_and_restricts_as_a_tool_error()
    {
        Uri host = await StartHostAsync(consentRequired: true);
        McpClient client = await ConnectAsync(host);

        CallToolResult refused = await client.CallToolAsync("suggest_fix", Event(EventJson));

        Assert.That(refused.IsError, Is.True);
        Assert.That(Text(refused), Does.Contain("restriction: individual_consent"));
        Assert.That(Server.Requests, Is.Empty);
        Assert.That(_policyCalls.Single(), Is.EqualTo(new OpenAiPolicyContext("acme", "ana", PiiCertified: false, Consent: false)));

        McpClient consenting = await ConnectAsync(host, "/api/acme/mcp?consent=yes");
        CallToolResult allowed = await consenting.CallToolAsync("suggest_fix", Event(EventJson));
        Assert.That(Text(allowed), Is.EqualTo("Hello from the fake model."));
    }

    [Test]
    public async Task Describe_needs_no_policy_and_bad_input_is_a_tool_error()
    {
        McpClient client = await ConnectAsync(await StartHostAsync(consentRequired: true));

        CallToolResult described = await client.CallToolAsync("describe_event", Event(EventJson));
        CallToolResult broken = await client.CallToolAsync("describe_event", Event("{\"exception\": "));
        CallToolResult missing = await client.CallToolAsync("describe_event", Event(_sentry.BaseUrl + "organizations/acme/issues/999/"));

        Assert.That(described.IsError, Is.Not.True);
        Assert.That(broken.IsError, Is.True);
        Assert.That(Text(broken), Does.Contain("not valid JSON"));
        Assert.That(Text(missing), Does.Contain("404"));
        Assert.That(_policyCalls, Is.Empty);
    }

    [Test]
    public async Task Requests_over_the_rate_limit_get_429_with_retry_after()
    {
        Uri host = await StartHostAsync(requestsPerSecond: 2);
        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        string? retryAfter = null;

        for (int i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host, "/api/acme/mcp"))
            {
                Content = new StringContent(
                    """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""",
                    Encoding.UTF8,
                    "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            using HttpResponseMessage response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.ToString();
        }

        Assert.That(statuses.Take(2), Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(statuses.Skip(2), Has.All.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(retryAfter, Is.EqualTo("1"));
    }

    private sealed class RecordingCheck(ConcurrentQueue<OpenAiPolicyContext> calls, bool consentRequired) : IOpenAiPolicyCheck
    {
        public ValueTask<string?> GetPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken)
        {
            calls.Enqueue(context);
            return ValueTask.FromResult(consentRequired ? OpenAiPolicyNames.IndividualConsent : null);
        }
    }
}
