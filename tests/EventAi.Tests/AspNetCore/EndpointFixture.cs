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

namespace EventAi.Tests.AspNetCore;

/// <summary>Real Kestrel hosts on 127.0.0.1:0 with the endpoint mapped, talking to the local model server.</summary>
public abstract class EndpointFixture : ModelServerFixture
{
    private readonly List<WebApplication> _hosts = [];
    private readonly List<HttpClient> _clients = [];

    [TearDown]
    public async Task StopHosts()
    {
        foreach (HttpClient client in _clients)
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

    protected static string Path(string eventId = "evt-1", string query = "") => $"/api/acme/shop/events/{eventId}/ai-fix{query}";

    protected async Task<HttpClient> StartHostAsync(
        Action<EventAiOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        int requestsPerSecond = 100,
        bool withCredentials = true)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddEventAi(options =>
        {
            options.ModelService = withCredentials ? OpenAiOptions() : new ModelServiceOptions();
            options.Suggestions = new SuggestionOptions { Model = "gpt-4o-mini", Random = new Random(1) };
            configure?.Invoke(options);
        });
        builder.Services.AddSingleton<IEventSource>(new InMemoryEventSource(new Dictionary<string, StoredEvent>
        {
            ["evt-1"] = new(Encoding.UTF8.GetBytes(EventJson), "issue-1"),
            ["evt-2"] = new(Encoding.UTF8.GetBytes(EventJson), "issue-1"),
            ["evt-3"] = new(Encoding.UTF8.GetBytes(EventJson), "issue-3"),
        }));
        services?.Invoke(builder.Services);

        WebApplication app = builder.Build();
        app.MapEventAi("/api/{organization}/{project}", options =>
        {
            options.User = context => context.Request.Headers["x-user"].FirstOrDefault();
            options.RequestsPerSecond = requestsPerSecond;
        });
        await app.StartAsync();
        _hosts.Add(app);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(client);
        return client;
    }

    private sealed class InMemoryEventSource(Dictionary<string, StoredEvent> events) : IEventSource
    {
        public ValueTask<StoredEvent?> FindAsync(HttpContext request, string eventId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(events.GetValueOrDefault(eventId));
    }
}
