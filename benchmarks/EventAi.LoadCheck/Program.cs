// Load check (not a timed test): N concurrent streaming clients against the sample host, with the
// local fake model server behind it, for a bounded time. Every request is a new issue group, so every
// answer is streamed from the model rather than served from the cache.
//   dotnet run -c Release --project benchmarks/EventAi.LoadCheck -- [clients] [seconds]
using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using EventAi.AspNetCore;
using EventAi.SampleHost;
using EventAi.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

int clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
int seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;

await using FakeModelServer model = await FakeModelServer.StartAsync();
model.DefaultReply = ModelReply.Stream([.. Enumerable.Range(0, 20).Select(i => $"token{i} ")]) with
{
    BeforeChunk = (_, token) => Task.Delay(2, token),
};

WebApplication host = SampleApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
{
    builder.Logging.ClearProviders();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["EventAi:ModelService:ApiKey"] = "sk-load-check",
        ["EventAi:ModelService:Endpoint"] = model.OpenAiBaseUrl.ToString(),
        ["EventAi:Endpoint:RequestsPerSecond"] = "1000000",
    });
    builder.Services.AddSingleton<IEventSource>(new EveryIdIsAnIssue(SamplePath()));
});
await host.StartAsync();
string address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
long workingSetBefore = Environment.WorkingSet;
var firstChunkMs = new System.Collections.Concurrent.ConcurrentBag<double>();
int completed = 0;
int errors = 0;
int next = 0;
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));

await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        string id = "load-" + Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        try
        {
            using HttpResponseMessage response = await http.GetAsync($"/api/acme/shop/events/{id}/ai-fix?stream=yes", HttpCompletionOption.ResponseHeadersRead);
            bool first = true;
            bool done = false;
            await foreach (SseItem<string> item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
            {
                if (first && item.EventType == "message")
                {
                    firstChunkMs.Add(clock.Elapsed.TotalMilliseconds);
                    first = false;
                }

                done |= item.EventType == "done";
                if (item.EventType == "error")
                {
                    break;
                }
            }

            if (response.IsSuccessStatusCode && done)
            {
                Interlocked.Increment(ref completed);
            }
            else
            {
                Interlocked.Increment(ref errors);
            }
        }
        catch (Exception) when (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref errors);
        }
    }
})));

long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
long workingSetAfter = Environment.WorkingSet;
double[] sorted = [.. firstChunkMs.Order()];
Console.WriteLine(FormattableString.Invariant($"clients {clients}, seconds {seconds}"));
Console.WriteLine(FormattableString.Invariant($"requests completed {completed}, errors {errors}, model calls {model.Requests.Count}"));
Console.WriteLine(FormattableString.Invariant($"time to first chunk p50 {Percentile(sorted, 0.50):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms"));
Console.WriteLine(FormattableString.Invariant($"managed memory before {memoryBefore / 1024} KiB, after {memoryAfter / 1024} KiB; working set before {workingSetBefore / 1048576} MiB, after {workingSetAfter / 1048576} MiB"));
await host.StopAsync();
return errors == 0 ? 0 : 1;

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static string SamplePath()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "samples", "events", "python-zero-division.json");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new FileNotFoundException("samples/events/python-zero-division.json");
}

/// <summary>Serves the same event under any id, each id its own issue group, so nothing is cached.</summary>
internal sealed class EveryIdIsAnIssue(string path) : IEventSource
{
    private readonly byte[] _json = File.ReadAllBytes(path);

    public ValueTask<StoredEvent?> FindAsync(HttpContext request, string eventId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<StoredEvent?>(new StoredEvent(_json, eventId));
}
