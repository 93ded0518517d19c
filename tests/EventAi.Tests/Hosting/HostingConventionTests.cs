using EventAi.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventAi.Tests.Hosting;

/// <summary>
/// How <c>AddEventAi</c> behaves in a host: options read when first resolved, validated at start-up under
/// their <c>EventAi:</c> names, empty strings that unset, keyed chat clients, and no null services.
/// </summary>
public sealed class HostingConventionTests : HostFixture
{
    [Test]
    public async Task A_keyed_chat_client_named_with_use_chat_client_is_used_instead_of_the_hosts_unkeyed_one()
    {
        var services = new ServiceCollection();
        services.AddChatClient(ModelService.CreateChatClient(OpenAiOptions(), "unkeyed-model"));
        services.AddKeyedChatClient("eventai", ModelService.CreateChatClient(OpenAiOptions(), "keyed-model"));
        services.AddEventAi(options => options.Suggestions.Random = new Random(1)).UseChatClient("eventai");
        await using ServiceProvider provider = services.BuildServiceProvider();

        SuggestionService service = provider.GetRequiredService<SuggestionService>();
        await service.SuggestAsync(Description(service), null);

        Assert.That(Server.Requests.Single().Json.GetProperty("model").GetString(), Is.EqualTo("keyed-model"));
        Assert.That(service.Client.Model, Is.EqualTo("keyed-model"));
    }

    [Test]
    public async Task A_keyed_chat_client_wins_over_configured_credentials()
    {
        var services = new ServiceCollection();
        services.AddKeyedChatClient("eventai", ModelService.CreateChatClient(OpenAiOptions(), "keyed-model"));
        services.AddEventAi(options => options.ModelService = new ModelServiceOptions { ApiKey = "sk-unused", Endpoint = new Uri("http://127.0.0.1:9/v1/") })
            .UseChatClient("eventai");
        await using ServiceProvider provider = services.BuildServiceProvider();

        SuggestionService service = provider.GetRequiredService<SuggestionService>();
        await service.SuggestAsync(Description(service), null);

        Assert.That(Server.Requests.Single().Json.GetProperty("model").GetString(), Is.EqualTo("keyed-model"));
    }

    [Test]
    public void A_key_with_no_chat_client_registered_fails_naming_the_missing_service()
    {
        var services = new ServiceCollection();
        services.AddEventAi(_ => { }).UseChatClient("missing");
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<SuggestionService>())!;

        Assert.That(error.Message, Does.Contain("IChatClient").And.Contain("missing"));
    }

    [Test]
    public async Task A_configure_call_after_add_event_ai_is_honoured()
    {
        var services = new ServiceCollection();
        services.AddEventAi(options =>
        {
            options.ModelService = OpenAiOptions();
            options.Suggestions.Model = "first-model";
        });
        services.Configure<EventAiOptions>(options =>
        {
            options.Suggestions.Model = "later-model";
            options.Suggestions.Tone = PromptTone.Professional;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        SuggestionService service = provider.GetRequiredService<SuggestionService>();
        await service.SuggestAsync(Description(service), null);

        RecordedRequest request = Server.Requests.Single();
        Assert.That(request.Json.GetProperty("model").GetString(), Is.EqualTo("later-model"));
        Assert.That(request.Json.GetProperty("messages")[0].GetProperty("content").GetString(), Does.Contain("without jokes or emojis"));
    }

    [Test]
    public async Task Credentials_configured_after_add_event_ai_make_suggestions_available()
    {
        var services = new ServiceCollection();
        services.AddEventAi();
        services.Configure<EventAiOptions>(options => options.ModelService = OpenAiOptions());
        await using ServiceProvider provider = services.BuildServiceProvider();

        Assert.That(provider.TryGetSuggestionService(out SuggestionService? service), Is.True);
        await service!.SuggestAsync(Description(service), null);
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void Bad_values_fail_when_the_host_starts_not_in_add_event_ai_and_each_names_its_setting()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventAi:ModelService:ApiKey"] = ApiKey,
            ["EventAi:ModelService:Endpoint"] = "ftp://models.internal/v1",
            ["EventAi:Suggestions:Temperature"] = "2.5",
            ["EventAi:Cache:Duration"] = "-00:01:00",
        });

        Assert.DoesNotThrow(() => builder.Services.AddEventAi(builder.Configuration.GetSection("EventAi")));
        using IHost host = builder.Build();
        OptionsValidationException error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync())!;

        Assert.That(error.Failures, Is.EquivalentTo(new[]
        {
            "EventAi:Suggestions: SuggestionOptions.Temperature must be between 0 and 2, or null to send none. Actual value was 2.5.",
            "EventAi:Cache: SuggestionCacheOptions.Duration must be positive. Actual value was -00:01:00.",
            "EventAi:ModelService: ModelServiceOptions.Endpoint must be an absolute http or https URL.",
        }));
        Assert.That(error.Message, Does.Not.Contain(ApiKey));
    }

    [Test]
    public void A_value_that_is_not_a_number_fails_at_start_up_naming_its_configuration_path()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["EventAi:Suggestions:Temperature"] = "warm" });

        Assert.DoesNotThrow(() => builder.Services.AddEventAi(builder.Configuration.GetSection("EventAi")));
        using IHost host = builder.Build();
        var error = Assert.CatchAsync<InvalidOperationException>(() => host.StartAsync())!;

        Assert.That(error.Message, Does.Contain("EventAi:Suggestions:Temperature"));
    }

    [Test]
    public async Task Without_credentials_the_host_starts_and_suggestions_are_unavailable()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddEventAi(builder.Configuration.GetSection("EventAi"));
        using IHost host = builder.Build();

        await host.StartAsync();

        Assert.That(host.Services.TryGetSuggestionService(out _), Is.False);
        await host.StopAsync();
    }

    [Test]
    public async Task An_empty_string_in_a_later_configuration_source_unsets_the_setting()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["EventAi:ModelService:ApiKey"] = ApiKey,
                ["EventAi:ModelService:Endpoint"] = "http://127.0.0.1:9/v1/",
                ["EventAi:Suggestions:Model"] = "gpt-4.1-mini",
                ["EventAi:Suggestions:SystemPrompt"] = "You are terse.",
            })
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // as an environment's appsettings file or EventAi__ModelService__ApiKey="" would
                ["EventAi:ModelService:ApiKey"] = "",
                ["EventAi:ModelService:Endpoint"] = "",
                ["EventAi:Suggestions:Model"] = "",
                ["EventAi:Suggestions:SystemPrompt"] = "",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddChatClient(ModelService.CreateChatClient(OpenAiOptions(), "hosts-model"));
        services.AddEventAi(configuration.GetSection("EventAi"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        EventAiOptions options = provider.GetRequiredService<IOptions<EventAiOptions>>().Value;
        SuggestionService service = provider.GetRequiredService<SuggestionService>();
        await service.SuggestAsync(Description(service), null);

        Assert.That((options.ModelService.ApiKey, options.ModelService.Endpoint, options.Suggestions.Model, options.Suggestions.SystemPrompt),
            Is.EqualTo(((string?)null, (Uri?)null, (string?)null, (string?)null)));
        RecordedRequest request = Server.Requests.Single();
        Assert.That(request.Json.GetProperty("model").GetString(), Is.EqualTo("hosts-model"), "no key: the host's client, with its own model");
        Assert.That(request.Json.GetProperty("messages")[0].GetProperty("content").GetString(), Does.Not.Contain("You are terse."));
    }

    [Test]
    public void A_constructor_that_takes_the_suggestion_service_fails_clearly_without_credentials()
    {
        var services = new ServiceCollection();
        services.AddEventAi(_ => { });
        services.AddSingleton<ExplainErrors>();
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ExplainErrors>())!;

        Assert.That(error.Message, Does.Contain("EventAi:ModelService:ApiKey").And.Contain("IChatClient").And.Contain("UseChatClient"));
        Assert.That(provider.TryGetSuggestionService(out SuggestionService? service), Is.False);
        Assert.That(service, Is.Null);
        Assert.That(provider.GetService<SuggestionClient>, Throws.InvalidOperationException);
    }

    [Test]
    public void Try_get_suggestion_service_is_false_when_add_event_ai_was_never_called()
    {
        using ServiceProvider provider = new ServiceCollection().BuildServiceProvider();

        Assert.That(provider.TryGetSuggestionService(out SuggestionService? service), Is.False);
        Assert.That(service, Is.Null);
    }

    /// <summary>A host's own service that needs suggestions.</summary>
    private sealed class ExplainErrors(SuggestionService suggestions)
    {
        public SuggestionService Suggestions { get; } = suggestions;
    }
}
