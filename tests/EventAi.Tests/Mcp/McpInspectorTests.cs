using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Mcp;

/// <summary>
/// A client nobody here wrote: the MCP Inspector's CLI mode (npm <c>@modelcontextprotocol/inspector</c>) against
/// the built <c>eventai mcp</c>. <c>.ci/run</c> installs it into <c>.ci/.cache/mcp-inspector</c>; the test
/// installs it there itself when missing, and is skipped with the reason where node is absent or npm cannot fetch it.
/// </summary>
[CancelAfter(600_000)]
public sealed class McpInspectorTests
{
    // 1.x runs on Node 20 (this machine's); 2.x needs Node 22.19 or later.
    public const string Package = "@modelcontextprotocol/inspector@1.0.3";

    private static string Prefix => Path.Combine(RepoPaths.Root, ".ci", ".cache", "mcp-inspector");

    private static string Inspector => Path.Combine(Prefix, "node_modules", "@modelcontextprotocol", "inspector", "cli", "build", "cli.js");

    [Test]
    public async Task The_inspector_lists_the_tools_and_calls_describe_event(CancellationToken cancellationToken)
    {
        await RequireInspectorAsync(cancellationToken);
        byte[] json = File.ReadAllBytes(SharedCorpus.SamplePath("android.json"));

        (int listExit, string list, string listError) = await RunAsync(["--method", "tools/list"], cancellationToken);
        (int callExit, string call, string callError) = await RunAsync(
            ["--method", "tools/call", "--tool-name", "describe_event", "--tool-arg", "event=" + Encoding.UTF8.GetString(json), "--tool-arg", "max_tokens=600"],
            cancellationToken);

        Assert.That(listExit, Is.Zero, listError);
        using JsonDocument tools = JsonDocument.Parse(list);
        Assert.That(tools.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()),
            Is.EquivalentTo(new[] { "describe_event", "suggest_fix", "summarize_issue" }));
        Assert.That(callExit, Is.Zero, callError);
        using JsonDocument result = JsonDocument.Parse(call);
        Assert.That(result.RootElement.GetProperty("content")[0].GetProperty("text").GetString(),
            Is.EqualTo(new EventDescriber(new DescribeOptions { MaxTokens = 600 }).Describe(json).ToJson()));
    }

    [Test]
    public async Task The_inspector_sees_bad_input_as_a_tool_error(CancellationToken cancellationToken)
    {
        await RequireInspectorAsync(cancellationToken);

        (int exit, string output, string error) = await RunAsync(
            ["--method", "tools/call", "--tool-name", "suggest_fix", "--tool-arg", "event=https://acme.sentry.io/issues/1/"], cancellationToken);

        Assert.That(exit, Is.Zero, error);
        using JsonDocument result = JsonDocument.Parse(output);
        Assert.That(result.RootElement.GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(result.RootElement.GetProperty("content")[0].GetProperty("text").GetString(), Does.Contain("OPENAI_API_KEY"));
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments, CancellationToken cancellationToken) =>
        Run("node", [Inspector, "--cli", "dotnet", EventAiCliBuild.Dll, "mcp", .. arguments], TimeSpan.FromSeconds(120), cancellationToken);

    private static async Task RequireInspectorAsync(CancellationToken cancellationToken)
    {
        (int nodeExit, string nodeVersion, _) = await Run("node", ["--version"], TimeSpan.FromSeconds(30), cancellationToken, ignoreMissing: true);
        if (nodeExit != 0)
        {
            Assert.Ignore("node is not installed: the MCP Inspector cannot run here.");
        }

        if (File.Exists(Inspector))
        {
            return;
        }

        (int npmExit, _, string npmError) = await Run(
            "npm", ["install", "--prefix", Prefix, "--no-audit", "--no-fund", "--loglevel=error", Package], TimeSpan.FromMinutes(5), cancellationToken, ignoreMissing: true);
        if (npmExit != 0 || !File.Exists(Inspector))
        {
            Assert.Ignore($"{Package} could not be fetched with npm (node {nodeVersion.Trim()}): {npmError.Trim()}");
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(
        string command, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken, bool ignoreMissing = false)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? _) in EventAiCliBuild.CleanEnvironment())
        {
            start.Environment.Remove(name);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception) when (ignoreMissing)
        {
            return (-1, "", $"{command} not found");
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} {string.Join(' ', arguments.Take(4))} did not finish within {timeout}.");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
