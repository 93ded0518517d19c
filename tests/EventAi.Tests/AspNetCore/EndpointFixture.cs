using System.Net;
using System.Text;
using EventAi.AspNetCore;
using EventAi.Tests.Suggesting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EventAi.Tests.AspNetCore;

/// <summary>Real Kestrel hosts on 127.0.0.1:0 with the endpoint mapped, talking to the local model server.</summary>
public abstract class EndpointFixture : ModelServerFixture
{
    private readonly List<WebApplication> _hosts = [];
    private readonly Dictionary<HttpClient, WebApplication> _clients = [];

    [TearDown]
    public async Task StopHosts()
    {
        foreach (HttpClient client in _clients.Keys)
        {
            client.Dispose();
        }

        foreach (WebApplication host in _hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        _clients.Clear();
        _hosts.Clear();
    }

    protected static string Path(string eventId = "evt-1", string query = "", string organization = "acme", string project = "shop") =>
        $"/api/{organization}/{project}/events/{eventId}/ai-fix{query}";

    protected static string SummaryPath(string eventId = "evt-1", string query = "", string organization = "acme", string project = "shop") =>
        $"/api/{organization}/{project}/events/{eventId}/ai-summary{query}";

    /// <summary>The events every host serves: evt-1 and evt-2 in group issue-1, evt-3 in issue-3.</summary>
    protected static Dictionary<string, StoredEvent> DefaultEvents() => new()
    {
        ["evt-1"] = new(Encoding.UTF8.GetBytes(EventJson), "issue-1"),
        ["evt-2"] = new(Encoding.UTF8.GetBytes(EventJson), "issue-1"),
        ["evt-3"] = new(Encoding.UTF8.GetBytes(EventJson), "issue-3"),
    };

    protected async Task<HttpClient> StartHostAsync(
        Action<EventAiOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        int requestsPerSecond = 100,
        bool withCredentials = true,
        Action<EventAiEndpointOptions>? endpoint = null,
        IEventSource? events = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddEventAi(options =>
        {
            options.ModelService = withCredentials ? OpenAiOptions() : new ModelServiceOptions();
            options.Suggestions = new SuggestionOptions { Model = "gpt-4o-mini", Random = new Random(1) };
            configure?.Invoke(options);
        });
        builder.Services.AddSingleton(events ?? new InMemoryEventSource(DefaultEvents()));
        services?.Invoke(builder.Services);

        WebApplication app = builder.Build();
        app.MapEventAi("/api/{organization}/{project}", options =>
        {
            options.User = context => context.Request.Headers["x-user"].FirstOrDefault();
            options.RequestsPerSecond = requestsPerSecond;
            endpoint?.Invoke(options);
        });
        app.MapGet("/page", () => Results.Content("<!doctype html><title>EventAi test page</title>", "text/html"));
        await app.StartAsync();
        _hosts.Add(app);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(client, app);
        return client;
    }

    /// <summary>What the host of this client logged.</summary>
    protected IReadOnlyList<FakeLogRecord> Logs(HttpClient client) =>
        _clients[client].Services.GetRequiredService<FakeLogCollector>().GetSnapshot();

    /// <summary>The services of the host of this client.</summary>
    protected IServiceProvider Services(HttpClient client) => _clients[client].Services;

    /// <summary>The host's own events, in memory.</summary>
    protected sealed class InMemoryEventSource(Dictionary<string, StoredEvent> events) : IEventSource
    {
        public ValueTask<StoredEvent?> FindAsync(HttpContext context, string eventId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(events.GetValueOrDefault(eventId));
    }
}
