using System.Diagnostics;
using System.Net.ServerSentEvents;
using EventAi.SampleHost;
using EventAi.Tests.Suggesting;
using EventAi.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventAi.Tests.AspNetCore;

/// <summary>The sample host of the README, started as its Program.cs does, serving the bundled events.</summary>
[CancelAfter(120_000)]
public sealed class SampleHostTests : ModelServerFixture
{
    [Test]
    public async Task The_sample_host_streams_a_suggestion_for_a_bundled_event()
    {
        WebApplication host = SampleApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["EventAi:ModelService:ApiKey"] = ApiKey,
                ["EventAi:ModelService:Endpoint"] = Server.OpenAiBaseUrl.ToString(),
            });
        });
        await host.StartAsync();
        try
        {
            string address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            string index = await client.GetStringAsync("/");
            using HttpResponseMessage response = await client.GetAsync("/api/acme/shop/events/python-zero-division/ai-fix?stream=yes", HttpCompletionOption.ResponseHeadersRead);
            List<SseItem<string>> events = await Sse.ReadAllAsync(response);

            Assert.That(index, Does.Contain("python-zero-division").And.Contain("dotnet-null-reference"));
            // A reader that falls behind the model gets the text so far in one message, so only the text and the order are fixed.
            Assert.That(string.Concat(events.Where(e => e.EventType == "message").Select(e => e.Data)), Is.EqualTo("Hello from the fake model."));
            Assert.That(events.Select(e => e.EventType).Distinct(), Is.EqualTo(new[] { "message", "done" }));
            Assert.That(events[^1].Data, Is.EqualTo("{}"));
            Assert.That(Server.Requests.Single().Json.GetProperty("messages")[1].GetProperty("content").GetString(), Does.Contain("ZeroDivisionError"));
        }
        finally
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }

    [Test]
    public async Task The_built_sample_host_moved_out_of_the_repository_and_run_from_another_directory_serves_its_events()
    {
        // A copy of the built app outside the repository, as when it is published, started from yet another folder.
        string elsewhere = Directory.CreateTempSubdirectory("eventai-sample-").FullName;
        string app = Path.Combine(elsewhere, "app");
        CopyFolder(Path.GetDirectoryName(SampleHostDll())!, app);
        string cwd = Directory.CreateDirectory(Path.Combine(elsewhere, "cwd")).FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(app, "EventAi.SampleHost.dll"), "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["EventAi__ModelService__ApiKey"] = ApiKey;
        start.Environment["EventAi__ModelService__Endpoint"] = Server.OpenAiBaseUrl.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using Process process = Process.Start(start)!;
        try
        {
            string address = await ListeningAddressAsync(process);
            _ = process.StandardOutput.ReadToEndAsync();
            using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };

            string index = await client.GetStringAsync("/");
            using HttpResponseMessage response = await client.GetAsync("/api/acme/shop/events/python-zero-division/ai-fix?stream=yes", HttpCompletionOption.ResponseHeadersRead);
            List<SseItem<string>> events = await Sse.ReadAllAsync(response);

            Assert.That(index, Does.Contain("python-zero-division").And.Contain("dotnet-null-reference"));
            Assert.That(Sse.Types(events)[^1], Is.EqualTo("done"));
            Assert.That(Sse.Text(events), Is.EqualTo("Hello from the fake model."));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Test]
    public void A_missing_events_folder_fails_at_start_up_naming_it_and_the_setting()
    {
        string missing = Path.Combine(Path.GetTempPath(), "eventai-no-such-events-folder");

        var error = Assert.Throws<InvalidOperationException>(() => SampleApp.Build(["--urls", "http://127.0.0.1:0", "--Events:Folder", missing]))!;

        Assert.That(error.Message, Does.Contain(missing).And.Contain("Events:Folder"));
    }

    private static string SampleHostDll()
    {
        // The sample is built with the tests, in the same configuration.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string dll = Path.Combine(RepoPaths.Root, "samples", "EventAi.SampleHost", "bin", configuration, "net10.0", "EventAi.SampleHost.dll");
        if (!File.Exists(dll))
        {
            Assert.Ignore($"The sample host is not built at {dll}.");
        }

        return dll;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<string> ListeningAddressAsync(Process process)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(guard.Token) is { } line)
        {
            int at = line.IndexOf("Now listening on: ", StringComparison.Ordinal);
            if (at >= 0)
            {
                return line[(at + "Now listening on: ".Length)..].Trim();
            }
        }

        Assert.Fail($"The sample host exited ({process.ExitCode}) without listening: {await process.StandardError.ReadToEndAsync()}");
        return "";
    }
}
