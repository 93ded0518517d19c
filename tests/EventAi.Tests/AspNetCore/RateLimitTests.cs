using System.Net;
using System.Net.Sockets;
using EventAi.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EventAi.Tests.AspNetCore;

/// <summary>
/// "5 per second" holds in every one-second window: a token bucket of 5 whose tokens come back one
/// second after use, never a fixed window that lets twice as many through across its edge.
/// </summary>
[CancelAfter(60_000)]
public sealed class RateLimitTests : EndpointFixture
{
    [Test]
    public async Task Twelve_back_to_back_requests_across_a_window_edge_get_five_in_any_second()
    {
        var time = new FakeTimeProvider();
        HttpClient client = await StartHostAsync(requestsPerSecond: 5, services: services => services.AddSingleton<TimeProvider>(time));

        // As the fixed window did: 2 early, 5 just before the edge and 5 just after it.
        List<bool> early = await SendAsync(client, 2);
        time.Advance(TimeSpan.FromMilliseconds(990));
        List<bool> beforeEdge = await SendAsync(client, 5);
        time.Advance(TimeSpan.FromMilliseconds(20));
        List<bool> afterEdge = await SendAsync(client, 5);

        Assert.That(early, Is.All.True);
        Assert.That(beforeEdge.Count(granted => granted), Is.EqualTo(3));
        Assert.That(afterEdge.Count(granted => granted), Is.EqualTo(2), "only the 2 tokens spent a second ago are back");
        Assert.That(beforeEdge.Count(granted => granted) + afterEdge.Count(granted => granted), Is.LessThanOrEqualTo(5), "5 within 20 ms, not 8");
    }

    [Test]
    public async Task A_refused_request_says_when_a_token_is_back()
    {
        var time = new FakeTimeProvider();
        HttpClient client = await StartHostAsync(requestsPerSecond: 2, services: services => services.AddSingleton<TimeProvider>(time));
        await SendAsync(client, 2);
        time.Advance(TimeSpan.FromMilliseconds(300));

        using HttpResponseMessage refused = await client.SendAsync(Request());
        time.Advance(TimeSpan.FromMilliseconds(700));
        using HttpResponseMessage later = await client.SendAsync(Request());

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)), "0.7 s, rounded up to whole seconds");
        Assert.That(await refused.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Too many requests."}"""));
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "granted once the token is back");
    }

    [Test]
    public async Task A_request_refused_by_one_limit_costs_nothing_in_the_others()
    {
        var time = new FakeTimeProvider();
        HttpClient first = await StartHostAsync(requestsPerSecond: 5, services: services => services.AddSingleton<TimeProvider>(time));
        using var second = new HttpClient(new SocketsHttpHandler { ConnectCallback = FromSecondAddressAsync }) { BaseAddress = first.BaseAddress };

        List<bool> janeFirst = await SendAsync(first, 5, "jane");
        List<bool> janeSecond = await SendAsync(second, 3, "jane");
        List<bool> bobSecond = await SendAsync(second, 6, "bob", "globex");

        Assert.That(janeFirst, Is.All.True);
        Assert.That(janeSecond, Is.All.False, "jane's own limit is spent");
        Assert.That(bobSecond.Count(granted => granted), Is.EqualTo(5), "jane's refused requests took nothing from the second address's limit");
    }

    [Test]
    public async Task Under_real_time_a_burst_of_twelve_gets_exactly_the_limit()
    {
        HttpClient client = await StartHostAsync(requestsPerSecond: 5);

        List<bool> granted = await SendAsync(client, 12);

        Assert.That(granted.Count(g => g), Is.EqualTo(5));
    }

    [Test]
    public void A_rate_limit_below_one_is_refused_naming_the_setting()
    {
        WebApplication app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => app.MapEventAi("/api", options => options.RequestsPerSecond = 0))!;

        Assert.That(error.Message, Does.Contain("EventAiEndpointOptions.RequestsPerSecond"));
    }

    private static async Task<List<bool>> SendAsync(HttpClient client, int count, string user = "jane", string organization = "acme")
    {
        var granted = new List<bool>();
        for (int i = 0; i < count; i++)
        {
            using HttpResponseMessage response = await client.SendAsync(Request(user, organization));
            granted.Add(response.StatusCode != HttpStatusCode.TooManyRequests);
        }

        return granted;
    }

    // Unknown events: a granted request answers 404 at once, a refused one 429.
    private static HttpRequestMessage Request(string user = "jane", string organization = "acme")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Path("no-such-event", organization: organization));
        request.Headers.Add("x-user", user);
        return request;
    }

    // Another client IP: the whole of 127.0.0.0/8 is loopback.
    private static async ValueTask<Stream> FromSecondAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
