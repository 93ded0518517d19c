using System.Diagnostics;
using System.Text.Json;

namespace EventAi.Tests.Mcp;

/// <summary>
/// What <c>eventai mcp</c> writes, read raw: every line on standard output is a JSON-RPC message (clients other
/// than the C# SDK do not skip stray lines), the logs are on standard error, and closing stdin ends it with 0.
/// </summary>
public sealed class McpStdoutTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Stdout_carries_only_json_rpc_and_logs_go_to_stderr(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { EventAiCliBuild.Dll, "mcp", "--log-level", "information" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach ((string name, string? _) in EventAiCliBuild.CleanEnvironment())
        {
            start.Environment.Remove(name);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        string[] requests =
        [
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"describe_event","arguments":{"event":"{\"platform\":\"go\"}"}}}""",
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"describe_event","arguments":{"event":"{broken"}}}""",
            """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"suggest_fix","arguments":{"event":"{}"}}}""",
        ];
        foreach (string request in requests)
        {
            await process.StandardInput.WriteLineAsync(request.AsMemory(), cancellationToken);
        }

        await process.StandardInput.FlushAsync(cancellationToken);
        var answers = new Dictionary<int, JsonElement>();
        while (answers.Count < 5 && await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            using JsonDocument message = JsonDocument.Parse(line);
            Assert.That(message.RootElement.GetProperty("jsonrpc").GetString(), Is.EqualTo("2.0"), line);
            if (message.RootElement.TryGetProperty("id", out JsonElement id))
            {
                answers[id.GetInt32()] = message.RootElement.Clone();
            }
        }

        process.StandardInput.Close();
        string rest = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);

        Assert.That(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.StartsWith("{"));
        Assert.That(process.ExitCode, Is.Zero);
        Assert.That(answers[3].GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("""{"language":"go","exceptions":[]}"""));
        Assert.That(answers[4].GetProperty("result").GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(answers[5].GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Does.Contain("OPENAI_API_KEY"));
        Assert.That(await stderr, Does.Contain("eventai: ").And.Contain("describe_event"), "the server logs, on standard error");
    }
}
