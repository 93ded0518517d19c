using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventAi.Tests.TestSupport;

/// <summary>
/// Debian's chromium, headless, driven over its DevTools protocol: open a page, run a script in it and
/// read the result. Tests that need it are ignored with a message where chromium is not installed (CI
/// installs it with apt-get).
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _page = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken)
    {
        string? binary = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            Assert.Ignore("chromium is not installed (CI installs it with apt-get); the browser EventSource test is skipped.");
        }

        string profile = Directory.CreateTempSubdirectory("eventai-chromium-").FullName;
        var start = new ProcessStartInfo(binary!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string flag in Flags.Append("--remote-debugging-port=0").Append("--user-data-dir=" + profile).Append("about:blank"))
        {
            start.ArgumentList.Add(flag);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync(cancellationToken);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a page and waits until it has loaded.</summary>
    public async Task NavigateAsync(Uri url, CancellationToken cancellationToken)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, cancellationToken);
        string expected = url.AbsoluteUri + " complete";
        while ((await EvaluateAsync("location.href + ' ' + document.readyState", cancellationToken)).GetString() != expected)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Runs a script in the page, awaiting the promise it returns, and gives back its JSON value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        JsonElement result = await SendAsync(
            "Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true }, cancellationToken);
        if (result.TryGetProperty("exceptionDetails", out JsonElement exception))
        {
            throw new InvalidOperationException("The page script failed: " + exception);
        }

        return result.GetProperty("result").TryGetProperty("value", out JsonElement value) ? value.Clone() : default;
    }

    public async ValueTask DisposeAsync()
    {
        _page.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium's helpers may still be releasing files; the folder is in the temp directory.
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        string portFile = Path.Combine(_profile, "DevToolsActivePort");
        while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"chromium exited with {_process.ExitCode} before it opened its DevTools port.");
            }

            await Task.Delay(50, cancellationToken);
        }

        string port = (await File.ReadAllLinesAsync(portFile, cancellationToken))[0];
        using var http = new HttpClient();
        JsonElement targets = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", cancellationToken)).RootElement;
        string socketUrl = targets.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page").GetProperty("webSocketDebuggerUrl").GetString()!;
        await _page.ConnectAsync(new Uri(socketUrl), cancellationToken);
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        int id = ++_nextId;
        byte[] message = Encoding.UTF8.GetBytes(new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString());
        await _page.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        while (true)
        {
            using JsonDocument reply = JsonDocument.Parse(await ReceiveAsync(cancellationToken));
            if (reply.RootElement.TryGetProperty("id", out JsonElement replyId) && replyId.GetInt32() == id)
            {
                if (reply.RootElement.TryGetProperty("error", out JsonElement error))
                {
                    throw new InvalidOperationException($"{method} failed: {error}");
                }

                return reply.RootElement.GetProperty("result").Clone();
            }
        }
    }

    private async Task<byte[]> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            WebSocketReceiveResult received = await _page.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("chromium closed the DevTools connection.");
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }
}
