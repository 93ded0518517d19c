// Load check (not a timed test) against the sample host, with the local fake model server behind it.
//
//   dotnet run -c Release --project benchmarks/EventAi.LoadCheck -- [clients] [seconds] [--redis-down]
//     N concurrent streaming clients for a bounded time after a warm-up; every request is a new issue
//     group, so every answer is a miss streamed from the model. --redis-down registers a Redis cache at
//     a port where nothing listens, so the shared cache's circuit breaker is open for the run.
//   dotnet run -c Release --project benchmarks/EventAi.LoadCheck -- serve [port] [seconds]
//     Serves the sample host on 127.0.0.1:port (default 5181) with rate limits raised and one cached
//     answer (group python-zero-division), for wrk, for the given time or until Enter is pressed.
//       wrk -t2 -c16 -d10s http://127.0.0.1:5181/api/acme/shop/events/python-zero-division/ai-fix
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using EventAi.AspNetCore;
using EventAi.SampleHost;
using EventAi.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

if (args.Length > 0 && args[0] == "serve")
{
    return await ServeAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5181,
        args.Length > 2 ? TimeSpan.FromSeconds(int.Parse(args[2], CultureInfo.InvariantCulture)) : null);
}

string[] numbers = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
int clients = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 16;
int seconds = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 10;
bool redisDown = args.Contains("--redis-down");
const int WarmUpSeconds = 3;

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
    if (redisDown)
    {
        builder.Services.AddStackExchangeRedisCache(redis =>
        {
            redis.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse($"127.0.0.1:{ClosedPort()}");
            redis.ConfigurationOptions.AbortOnConnectFail = false;
            redis.ConfigurationOptions.ConnectTimeout = redis.ConfigurationOptions.SyncTimeout = redis.ConfigurationOptions.AsyncTimeout = 2000;
        });
    }
});
await host.StartAsync();
string address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
var firstRequest = Stopwatch.StartNew();
await http.GetStringAsync("/api/acme/shop/events/first-request/ai-fix");
Console.WriteLine(FormattableString.Invariant($"first request alone: {firstRequest.Elapsed.TotalMilliseconds:F0} ms"));
long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
long workingSetBefore = Environment.WorkingSet;
var firstChunkMs = new System.Collections.Concurrent.ConcurrentBag<double>();
var wholeMs = new System.Collections.Concurrent.ConcurrentBag<double>();
int completed = 0;
int errors = 0;
int[] perSecond = new int[WarmUpSeconds + seconds + 30];
int next = 0;
var run = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(WarmUpSeconds + seconds));

await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        string id = "load-" + Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
        bool measured = run.Elapsed.TotalSeconds >= WarmUpSeconds;
        var clock = Stopwatch.StartNew();
        try
        {
            using HttpResponseMessage response = await http.GetAsync($"/api/acme/shop/events/{id}/ai-fix?stream=yes", HttpCompletionOption.ResponseHeadersRead);
            bool first = true;
            bool done = false;
            await foreach (SseItem<string> item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
            {
                if (first && item.EventType == "message" && measured)
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

            if (measured)
            {
                wholeMs.Add(clock.Elapsed.TotalMilliseconds);
            }

            if (response.IsSuccessStatusCode && done)
            {
                Interlocked.Increment(ref completed);
                Interlocked.Increment(ref perSecond[Math.Min(perSecond.Length - 1, (int)run.Elapsed.TotalSeconds)]);
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
double[] firsts = [.. firstChunkMs.Order()];
double[] wholes = [.. wholeMs.Order()];
Console.WriteLine(FormattableString.Invariant($"clients {clients}, seconds {seconds} after a {WarmUpSeconds} s warm-up, shared cache: {(redisDown ? "Redis down (breaker open)" : "none")}"));
Console.WriteLine(FormattableString.Invariant($"requests completed {completed}, errors {errors}, model calls {model.Requests.Count}, measured {wholes.Length}"));
Console.WriteLine("completed per second: " + string.Join(' ', perSecond.Take(WarmUpSeconds + seconds + 1)));
Console.WriteLine(FormattableString.Invariant($"time to first chunk p50 {Percentile(firsts, 0.50):F2} ms, p99 {Percentile(firsts, 0.99):F2} ms"));
Console.WriteLine(FormattableString.Invariant($"whole answer (a miss) p50 {Percentile(wholes, 0.50):F2} ms, p99 {Percentile(wholes, 0.99):F2} ms"));
Console.WriteLine(FormattableString.Invariant($"managed memory before {memoryBefore / 1024} KiB, after {memoryAfter / 1024} KiB; working set before {workingSetBefore / 1048576} MiB, after {workingSetAfter / 1048576} MiB"));
await host.StopAsync();
return errors == 0 ? 0 : 1;

static async Task<int> ServeAsync(int port, TimeSpan? duration)
{
    await using FakeModelServer model = await FakeModelServer.StartAsync();
    WebApplication host = SampleApp.Build(["--urls", $"http://127.0.0.1:{port}"], builder =>
    {
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventAi:ModelService:ApiKey"] = "sk-load-check",
            ["EventAi:ModelService:Endpoint"] = model.OpenAiBaseUrl.ToString(),
            ["EventAi:Endpoint:RequestsPerSecond"] = "1000000",
        });
    });
    await host.StartAsync();
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    string path = "/api/acme/shop/events/python-zero-division/ai-fix";
    await http.GetStringAsync(path);
    Console.WriteLine($"serving http://127.0.0.1:{port}{path} (cached; add ?stream=yes for SSE); " + (duration is null ? "press Enter to stop" : $"for {duration}"));
    await (duration is { } wait ? Task.Delay(wait) : Console.In.ReadLineAsync());
    await host.StopAsync();
    return 0;
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static int ClosedPort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

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
