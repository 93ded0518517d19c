using System.Net;
using System.Text.Json;
using EventAi.AspNetCore;
using EventAi.Testing;
using EventAi.Tests.Suggesting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventAi.Tests.Sentry;

/// <summary>The endpoint of SPEC §6 with its events read from a (fake) Sentry server, and <c>AddSentry</c> in a host.</summary>
public sealed class SentryEventSourceTests : ModelServerFixture
{
    private FakeSentryServer _sentry = null!;
    private WebApplication? _host;
    private HttpClient? _client;

    [SetUp]
    public async Task StartSentry() => _sentry = await SentryCorpus.StartAsync();

    [TearDown]
    public async Task StopAll()
    {
        _client?.Dispose();
        _client = null;
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
            _host = null;
        }

        await _sentry.DisposeAsync();
    }

    private async Task<HttpClient> StartHostAsync(string token = FakeSentryServer.Token)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventAi:Sentry:BaseUrl"] = _sentry.BaseUrl.ToString(),
            ["EventAi:Sentry:AuthToken"] = token,
        });
        builder.Services.AddEventAi(options =>
        {
            options.ModelService = OpenAiOptions();
            options.Suggestions = new SuggestionOptions { Model = "gpt-4o-mini", Random = new Random(1) };
        }).AddSentryEventSource(builder.Configuration.GetSection("EventAi:Sentry"));
        _host = builder.Build();
        _host.MapEventAi("/api/{organization}/{project}");
        await _host.StartAsync();
        string address = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return _client;
    }

    [Test]
    public async Task The_endpoint_suggests_for_an_event_read_from_sentry()
    {
        HttpClient client = await StartHostAsync();
        Server.Enqueue(ModelReply.Stream("Fix it."));

        using HttpResponseMessage response = await client.GetAsync($"/api/acme/backend/events/{SentryCorpus.LatestId}/ai-fix");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("suggestion").GetString(), Is.EqualTo("Fix it."));
        Assert.That(_sentry.Requests.Single(), Is.EqualTo(($"/api/0/projects/acme/backend/events/{SentryCorpus.LatestId}/", "Bearer " + FakeSentryServer.Token)));
    }

    [Test]
    public async Task Events_of_one_issue_share_one_answer_because_the_issue_is_the_group_key()
    {
        HttpClient client = await StartHostAsync();
        Server.Enqueue(ModelReply.Stream("One answer for issue 123."));

        using HttpResponseMessage first = await client.GetAsync($"/api/acme/backend/events/{SentryCorpus.LatestId}/ai-fix");
        using HttpResponseMessage second = await client.GetAsync($"/api/acme/backend/events/{SentryCorpus.OldestId}/ai-fix");

        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
        Assert.That(_sentry.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task An_event_sentry_does_not_have_is_404()
    {
        HttpClient client = await StartHostAsync();

        using HttpResponseMessage response = await client.GetAsync("/api/acme/backend/events/ffffffffffffffffffffffffffffffff/ai-fix");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task The_issue_look_up_returns_the_recommended_event_keyed_by_the_issue()
    {
        await StartHostAsync();
        var source = (SentryEventSource)_host!.Services.GetRequiredService<IEventSource>();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = _host.Services };
        context.Request.RouteValues["organization"] = "acme";

        StoredEvent? found = await source.FindIssueEventAsync(context, "123", CancellationToken.None);
        StoredEvent? missing = await source.FindIssueEventAsync(context, "999", CancellationToken.None);

        Assert.That(found!.GroupKey, Is.EqualTo("123"));
        await using Stream json = await found.OpenJsonAsync();
        using var copy = new MemoryStream();
        await json.CopyToAsync(copy);
        Assert.That(copy.ToArray(), Is.EqualTo(SentryCorpus.Events()[1].Json));
        Assert.That(missing, Is.Null);
    }

    [Test]
    public async Task Add_sentry_uses_the_http_client_factory_and_validates_at_start()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEventAi(_ => { }).AddSentry(o => o.BaseUrl = _sentry.BaseUrl);
        await using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<SentryApiOptions>>().Value)!;
        Assert.That(e.Message, Does.Contain("EventAi:Sentry").And.Contain("AuthToken is required"));

        var configured = new ServiceCollection();
        configured.AddEventAi(_ => { }).AddSentry(o => (o.BaseUrl, o.AuthToken) = (_sentry.BaseUrl, FakeSentryServer.Token));
        await using ServiceProvider working = configured.BuildServiceProvider();
        SentryEvent found = await working.GetRequiredService<SentryApiClient>().GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest);
        Assert.That(found.EventId, Is.EqualTo(SentryCorpus.LatestId));
    }
}
