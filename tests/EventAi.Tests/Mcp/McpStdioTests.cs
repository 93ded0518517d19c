using System.Text;
using System.Text.Json;
using EventAi.Testing;
using EventAi.Tests.Sentry;
using EventAi.Tests.TestSupport;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace EventAi.Tests.Mcp;

/// <summary>
/// <c>eventai mcp</c> as a coding agent runs it: the built tool in its own process, spoken to over stdio by the
/// official SDK's client; one server with model and Sentry credentials (the local fakes), one with none.
/// </summary>
[CancelAfter(120_000)]
public sealed class McpStdioTests
{
    private const string ModelKey = "sk-mcp-test-5e4d3c2b1a";

    private FakeModelServer _model = null!;
    private FakeSentryServer _sentry = null!;
    private McpClient _configured = null!;
    private McpClient _bare = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _model = await FakeModelServer.StartAsync();
        _sentry = await SentryCorpus.StartAsync();
        Dictionary<string, string?> environment = EventAiCliBuild.CleanEnvironment();
        environment["OPENAI_API_KEY"] = ModelKey;
        environment["OPENAI_BASE_URL"] = _model.OpenAiBaseUrl.ToString();
        environment["SENTRY_AUTH_TOKEN"] = FakeSentryServer.Token;
        environment["SENTRY_URL"] = _sentry.BaseUrl.ToString();
        _configured = await ConnectAsync(environment);
        _bare = await ConnectAsync(EventAiCliBuild.CleanEnvironment());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_configured is not null)
        {
            await _configured.DisposeAsync();
        }

        if (_bare is not null)
        {
            await _bare.DisposeAsync();
        }

        await _sentry.DisposeAsync();
        await _model.DisposeAsync();
    }

    private static Task<McpClient> ConnectAsync(Dictionary<string, string?> environment) => McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
    {
        Name = "eventai",
        Command = "dotnet",
        Arguments = [EventAiCliBuild.Dll, "mcp"],
        EnvironmentVariables = environment,
    }));

    private static byte[] Sample(string name) => File.ReadAllBytes(SharedCorpus.SamplePath(name));

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));

    private static ValueTask<CallToolResult> CallAsync(McpClient client, string tool, object? @event, int? maxTokens = null, bool? detailed = null)
    {
        var arguments = new Dictionary<string, object?> { ["event"] = @event };
        if (maxTokens is not null)
        {
            arguments["max_tokens"] = maxTokens;
        }

        if (detailed is not null)
        {
            arguments["detailed"] = detailed;
        }

        return client.CallToolAsync(tool, arguments);
    }

    [Test]
    public async Task Lists_the_three_tools_with_their_inputs_and_the_summary_schema()
    {
        IList<McpClientTool> tools = await _bare.ListToolsAsync();

        Assert.That(tools.Select(t => t.Name), Is.EquivalentTo(new[] { "describe_event", "suggest_fix", "summarize_issue" }));
        foreach (McpClientTool tool in tools)
        {
            JsonElement schema = tool.ProtocolTool.InputSchema;
            Assert.That(schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "event" }), tool.Name);
            Assert.That(schema.GetProperty("properties").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "event", "max_tokens", "detailed" }), tool.Name);
            Assert.That(tool.Description, Is.Not.Empty);
        }

        JsonElement output = tools.Single(t => t.Name == "summarize_issue").ProtocolTool.OutputSchema!.Value;
        Assert.That(output.GetProperty("properties").EnumerateObject().Select(p => p.Name),
            Is.EqualTo(new[] { "headline", "whats_wrong", "trace", "possible_cause", "confidence", "next_step" }));
    }

    [Test]
    public async Task Describe_event_returns_the_scrubbed_compact_description()
    {
        byte[] json = Sample("android.json");

        CallToolResult result = await CallAsync(_bare, "describe_event", Encoding.UTF8.GetString(json));

        Assert.That(result.IsError, Is.Not.True, Text(result));
        Assert.That(Text(result), Is.EqualTo(new EventDescriber().Describe(json).ToJson()));
    }

    [Test]
    public async Task Describe_event_takes_the_event_as_a_json_object_too()
    {
        byte[] json = Sample("cocoa.json");
        using JsonDocument parsed = JsonDocument.Parse(json);

        CallToolResult result = await CallAsync(_bare, "describe_event", parsed.RootElement.Clone());

        Assert.That(Text(result), Is.EqualTo(new EventDescriber().Describe(json).ToJson()));
    }

    [Test]
    public async Task Describe_event_applies_max_tokens_and_detailed()
    {
        byte[] json = Sample("react-native.json");

        CallToolResult result = await CallAsync(_bare, "describe_event", Encoding.UTF8.GetString(json), maxTokens: 400, detailed: true);

        string expected = new EventDescriber(new DescribeOptions { MaxTokens = 400, Detailed = true }).Describe(json).ToJson();
        Assert.That(Text(result), Is.EqualTo(expected));
        Assert.That(expected, Is.Not.EqualTo(new EventDescriber().Describe(json).ToJson()));
    }

    [Test]
    public async Task Describe_event_reads_a_sentry_url()
    {
        string url = _sentry.BaseUrl + "organizations/acme/issues/123/events/latest/";

        CallToolResult result = await CallAsync(_configured, "describe_event", url);

        Assert.That(result.IsError, Is.Not.True, Text(result));
        Assert.That(Text(result), Is.EqualTo(new EventDescriber().Describe(SentryCorpus.Events()[2].Json).ToJson()));
    }

    [Test]
    public async Task Suggest_fix_returns_the_models_answer()
    {
        _model.Enqueue(ModelReply.Stream("Divide ", "with care."));

        CallToolResult result = await CallAsync(_configured, "suggest_fix", Encoding.UTF8.GetString(Sample("android.json")));

        Assert.That(result.IsError, Is.Not.True, Text(result));
        Assert.That(Text(result), Is.EqualTo("Divide with care."));
    }

    [Test]
    public async Task Summarize_issue_returns_structured_content()
    {
        _model.Enqueue(ModelReply.Stream("""
            {"headline":"Null pointer in causeCrash","whats_wrong":"A null pointer was dereferenced.","trace":"causeCrash()",
             "possible_cause":"A missing object.","confidence":0.6,"next_step":"Check for nil."}
            """));

        CallToolResult result = await CallAsync(_configured, "summarize_issue", Encoding.UTF8.GetString(Sample("cocoa.json")));

        Assert.That(result.IsError, Is.Not.True, Text(result));
        JsonElement summary = result.StructuredContent!.Value;
        Assert.That(summary.GetProperty("headline").GetString(), Is.EqualTo("Null pointer in causeCrash"));
        Assert.That(summary.GetProperty("confidence").GetDouble(), Is.EqualTo(0.6));
        using JsonDocument text = JsonDocument.Parse(Text(result));
        Assert.That(text.RootElement.GetProperty("next_step").GetString(), Is.EqualTo("Check for nil."));
    }

    [TestCase("describe_event", "not json", "not valid JSON")]
    [TestCase("describe_event", "[1, 2]", "not a JSON object")]
    [TestCase("describe_event", "   ", "'event' is empty")]
    [TestCase("describe_event", "https://acme.sentry.io/discover/", "not a Sentry issue or event page")]
    [TestCase("describe_event", "https://acme.sentry.io/issues/1/", "SENTRY_AUTH_TOKEN")]
    [TestCase("suggest_fix", "{}", "OPENAI_API_KEY")]
    [TestCase("summarize_issue", "{}", "AZURE_OPENAI_API_KEY")]
    public async Task Bad_input_is_a_tool_error_with_its_message(string tool, string input, string expected)
    {
        CallToolResult result = await CallAsync(_bare, tool, input);

        Assert.That(result.IsError, Is.True);
        Assert.That(Text(result), Does.Contain(expected));
    }

    [Test]
    public async Task A_json_number_as_event_is_a_tool_error()
    {
        CallToolResult result = await CallAsync(_bare, "describe_event", 42);

        Assert.That(result.IsError, Is.True);
        Assert.That(Text(result), Does.Contain("'event' is a JSON number"));
    }

    [Test]
    public async Task An_event_over_the_size_cap_is_refused()
    {
        string huge = "{\"message\":\"" + new string('x', EventAi.Mcp.EventAiMcpOptions.DefaultMaxInputBytes) + "\"}";

        CallToolResult result = await CallAsync(_bare, "describe_event", huge);

        Assert.That(result.IsError, Is.True);
        Assert.That(Text(result), Does.Contain("accepts at most 1048576").And.Contain("MaxInputBytes"));
    }

    [TestCase(0, "'max_tokens' must be 1 or more")]
    [TestCase(3, "more than the budget of 3")]
    public async Task A_token_budget_it_cannot_meet_is_a_tool_error(int maxTokens, string expected)
    {
        CallToolResult result = await CallAsync(_bare, "describe_event", Encoding.UTF8.GetString(Sample("android.json")), maxTokens: maxTokens);

        Assert.That(result.IsError, Is.True);
        Assert.That(Text(result), Does.Contain(expected));
    }

    [TestCase(401, "401")]
    [TestCase(403, "403")]
    [TestCase(404, "404")]
    [TestCase(429, "retry after 9 s")]
    [TestCase(500, "500")]
    public async Task A_failed_sentry_request_is_a_tool_error_without_the_token(int status, string expected)
    {
        _sentry.ReplyNext(status, "scripted", new Dictionary<string, string> { ["Retry-After"] = "9" });

        CallToolResult result = await CallAsync(_configured, "describe_event", _sentry.BaseUrl + "organizations/acme/issues/123/");

        Assert.That(result.IsError, Is.True);
        Assert.That(Text(result), Does.Contain(expected).And.Not.Contain(FakeSentryServer.Token));
    }

    [Test]
    public async Task A_failing_model_service_is_a_tool_error_without_the_key()
    {
        _model.Enqueue(ModelReply.Error(400, "The model is unhappy.", "invalid_request_error"));

        CallToolResult result = await CallAsync(_configured, "suggest_fix", Encoding.UTF8.GetString(Sample("android.json")));

        Assert.That(result.IsError, Is.True);
        Assert.That(Text(result), Does.Contain("model service failed").And.Contain("unhappy").And.Not.Contain(ModelKey));
    }

    [Test]
    public async Task An_unknown_tool_is_a_protocol_error_and_the_server_lives_on()
    {
        McpProtocolException e = Assert.ThrowsAsync<McpProtocolException>(() => _bare.CallToolAsync("drop_tables", new Dictionary<string, object?>()).AsTask())!;

        Assert.That(e.ErrorCode, Is.EqualTo(McpErrorCode.InvalidParams));
        Assert.That(await _bare.ListToolsAsync(), Has.Count.EqualTo(3));
    }
}
