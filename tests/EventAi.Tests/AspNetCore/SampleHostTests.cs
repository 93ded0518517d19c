using System.Net.ServerSentEvents;
using EventAi.SampleHost;
using EventAi.Tests.Suggesting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventAi.Tests.AspNetCore;

/// <summary>The sample host of the README, started as its Program.cs does, serving the bundled events.</summary>
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
            var data = new List<string>();
            await foreach (SseItem<string> item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
            {
                data.Add($"{item.EventType}:{item.Data}");
            }

            Assert.That(index, Does.Contain("python-zero-division").And.Contain("dotnet-null-reference"));
            Assert.That(data, Is.EqualTo(new[] { "message:Hello", "message: from", "message: the fake model.", "done:{}" }));
            Assert.That(Server.Requests.Single().Json.GetProperty("messages")[1].GetProperty("content").GetString(), Does.Contain("ZeroDivisionError"));
        }
        finally
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }
}
