using EventAi.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventAi.Tests.Hosting;

/// <summary>services.AddEventAi(...): registration, configuration binding and start-up validation.</summary>
public sealed class AddEventAiTests : HostFixture
{
    [Test]
    public async Task A_configuration_section_configures_the_service()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventAi:ModelService:ApiKey"] = ApiKey,
            ["EventAi:ModelService:Endpoint"] = Server.OpenAiBaseUrl.ToString(),
            ["EventAi:Suggestions:Model"] = "gpt-4.1-mini",
            ["EventAi:Suggestions:Tone"] = "Professional",
            ["EventAi:Suggestions:Describe:MaxFrames"] = "5",
            ["EventAi:Cache:Duration"] = "00:01:00",
        }).Build();
        IServiceCollection services = new ServiceCollection().AddLogging();
        services.AddEventAi(configuration.GetSection("EventAi"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        SuggestionService service = provider.GetRequiredService<SuggestionService>();
        string text = await service.SuggestAsync(Description(service), "group-1");

        Assert.That(text, Is.EqualTo("Hello from the fake model."));
        Assert.That(Server.Requests.Single().Json.GetProperty("model").GetString(), Is.EqualTo("gpt-4.1-mini"));
        Assert.That(Server.Requests.Single().Json.GetProperty("messages")[0].GetProperty("content").GetString(), Does.Contain("without jokes or emojis"));
        Assert.That(provider.GetRequiredService<EventDescriber>().Options.MaxFrames, Is.EqualTo(5));
    }

    [Test]
    public void Bad_settings_fail_at_start_up_naming_the_setting()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddEventAi(options =>
        {
            options.ModelService = OpenAiOptions();
            options.Suggestions.Temperature = 3;
            options.Cache.Duration = TimeSpan.Zero;
        });
        using IHost host = builder.Build();

        OptionsValidationException error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync())!;

        Assert.That(error.Message, Does.Contain("SuggestionOptions.Temperature").And.Contain("SuggestionCacheOptions.Duration"));
        Assert.That(error.Message, Does.Not.Contain(ApiKey));
    }

    [Test]
    public void Without_credentials_no_suggestion_service_is_available_and_resolving_one_says_what_to_set()
    {
        ServiceProvider provider = BuildHost(options => options.ModelService = new ModelServiceOptions());

        Assert.That(provider.TryGetSuggestionService(out SuggestionService? service), Is.False);
        Assert.That(service, Is.Null);
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetService<SuggestionService>())!;
        Assert.That(error.Message, Does.Contain("EventAi:ModelService:ApiKey").And.Contain("IChatClient"));
        Assert.That(provider.GetRequiredService<EventDescriber>(), Is.Not.Null);
    }

    [Test]
    public async Task A_chat_client_registered_by_the_host_is_used()
    {
        Server.Enqueue(ModelReply.Stream("via the host's client"));
        IChatClient hostClient = ModelService.CreateChatClient(OpenAiOptions(), "host-model");
        ServiceProvider provider = BuildHost(options => options.ModelService = new ModelServiceOptions(), services => services.AddSingleton(hostClient));

        SuggestionService service = provider.GetRequiredService<SuggestionService>();

        Assert.That(await service.SuggestAsync(Description(service), null), Is.EqualTo("via the host's client"));
        Assert.That(Server.Requests.Single().Json.GetProperty("model").GetString(), Is.EqualTo("gpt-4o-mini"), "the suggestion options name the model");
    }

    [Test]
    public async Task Policy_checks_registered_by_the_host_are_used()
    {
        ServiceProvider provider = BuildHost(services: services => services.AddSingleton<IOpenAiPolicyCheck>(new SubprocessorCheck()));

        OpenAiPolicyDecision decision = await provider.GetRequiredService<SuggestionService>()
            .CheckPolicyAsync(new OpenAiPolicyContext("acme", "jane", false, true));

        Assert.That(decision.Restriction, Is.EqualTo(OpenAiPolicyNames.Subprocessor));
    }

    private sealed class SubprocessorCheck : IOpenAiPolicyCheck
    {
        public ValueTask<string?> GetPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<string?>(context.Organization == "acme" ? OpenAiPolicyNames.Subprocessor : null);
    }
}
