using System.Net;
using System.Text.Json;
using EventAi.AspNetCore;
using Microsoft.AspNetCore.Builder;

namespace EventAi.Tests.AspNetCore;

/// <summary><see cref="EventAiEndpointOptions.RequireHeader"/>: a header a cross-site simple request cannot carry.</summary>
[CancelAfter(60_000)]
public sealed class CrossSiteTests : EndpointFixture
{
    [Test]
    public async Task Without_the_required_header_a_request_answers_400_and_starts_no_model_call()
    {
        HttpClient client = await StartHostAsync(endpoint: options => options.RequireHeader = "X-Requested-With");

        using HttpResponseMessage response = await client.GetAsync(Path(query: "?stream=yes"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(),
            Is.EqualTo("The request needs the X-Requested-With header."));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task With_the_required_header_a_request_is_answered()
    {
        HttpClient client = await StartHostAsync(endpoint: options => options.RequireHeader = "X-Requested-With");
        using var request = new HttpRequestMessage(HttpMethod.Get, Path());
        request.Headers.Add("x-requested-with", "fetch");

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_endpoint_sends_no_cors_headers_and_refuses_a_preflight()
    {
        HttpClient client = await StartHostAsync(endpoint: options => options.RequireHeader = "X-Requested-With");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, Path());
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-requested-with");

        using HttpResponseMessage response = await client.SendAsync(preflight);

        Assert.That(response.IsSuccessStatusCode, Is.False);
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [TestCase("Content-Type")]
    [TestCase("accept")]
    [TestCase("Origin")]
    [TestCase("Cookie")]
    [TestCase("Sec-Fetch-Mode")]
    [TestCase("X Requested")]
    [TestCase("")]
    public void A_header_a_cross_site_request_can_send_is_refused_naming_the_setting(string header)
    {
        WebApplication app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<ArgumentException>(() => app.MapEventAi("/api", options => options.RequireHeader = header))!;

        Assert.That(error.Message, Does.Contain("EventAiEndpointOptions.RequireHeader"));
    }
}
