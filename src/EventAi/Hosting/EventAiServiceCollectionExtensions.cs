using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EventAi;

/// <summary>Registers EventAi in a host app: <c>services.AddEventAi(builder.Configuration.GetSection("EventAi"))</c>.</summary>
public static class EventAiServiceCollectionExtensions
{
    /// <summary>Registers EventAi configured by a delegate.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddEventAi(this IServiceCollection services, Action<EventAiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EventAiOptions>().Configure(configure).ValidateOnStart();
        return AddCore(services, configure);
    }

    /// <summary>Registers EventAi configured by a configuration section (such as <c>EventAi</c> of appsettings.json).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="section">The section holding <see cref="EventAiOptions"/>.</param>
    public static IServiceCollection AddEventAi(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<EventAiOptions>().Bind(section).ValidateOnStart();
        return AddCore(services, options => section.Bind(options));
    }

    private static IServiceCollection AddCore(IServiceCollection services, Action<EventAiOptions> configure)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventAiOptions>, EventAiOptionsValidator>());
        services.TryAddSingleton(sp => new EventDescriber(sp.GetRequiredService<IOptions<EventAiOptions>>().Value.Suggestions.Describe));
        services.TryAddSingleton(sp => new OpenAiPolicy(sp.GetServices<IOpenAiPolicyCheck>(), sp.GetService<ILogger<OpenAiPolicy>>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<EventAiOptions>>().Value.Cache);
        services.TryAddSingleton<ModelServiceAvailability>();
        services.TryAddSingleton(sp => sp.GetRequiredService<ModelServiceAvailability>().SuggestionClient!);
        services.TryAddSingleton<SuggestionService>(sp => sp.GetRequiredService<ModelServiceAvailability>().SuggestionService!);

        // The shared cache is decided from the options as the delegate leaves them; Redis, when set, is the second level.
        var probe = new EventAiOptions();
        configure(probe);
        if (probe.Cache.RedisConfiguration is { } redis && !services.Any(d => d.ServiceType == typeof(IDistributedCache)))
        {
            services.AddSingleton<RedisCache>(_ => new RedisCache(Options.Create(new RedisCacheOptions
            {
                ConfigurationOptions = RedisOptions(redis, probe.Cache.RedisTimeout),
                InstanceName = "eventai:",
            })));
            services.AddSingleton<IDistributedCache>(sp => new ResilientDistributedCache(
                sp.GetRequiredService<RedisCache>(), sp.GetRequiredService<ILogger<ResilientDistributedCache>>()));
        }

        services.AddHybridCache();
        return services;
    }

    private static ConfigurationOptions RedisOptions(string configuration, TimeSpan timeout)
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
        int milliseconds = (int)timeout.TotalMilliseconds;
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = milliseconds;
        options.SyncTimeout = milliseconds;
        options.AsyncTimeout = milliseconds;
        options.ConnectRetry = 0;
        return options;
    }
}

/// <summary>
/// Whether suggestions are available: a chat client registered by the host, or an API key in the
/// options. Without either, <see cref="SuggestionService"/> resolves to nothing.
/// </summary>
internal sealed class ModelServiceAvailability
{
    public ModelServiceAvailability(IServiceProvider services, IOptions<EventAiOptions> options)
    {
        EventAiOptions value = options.Value;
        IChatClient? chat = services.GetService<IChatClient>();
        if (chat is null && !string.IsNullOrEmpty(value.ModelService.ApiKey))
        {
            chat = ModelService.CreateChatClient(value.ModelService, value.Suggestions.Model);
        }

        if (chat is null)
        {
            return;
        }

        SuggestionClient = new SuggestionClient(chat, value.Suggestions);
        SuggestionService = new SuggestionService(
            SuggestionClient,
            services.GetRequiredService<Microsoft.Extensions.Caching.Hybrid.HybridCache>(),
            services.GetRequiredService<OpenAiPolicy>(),
            value.Cache,
            services.GetService<ILogger<SuggestionService>>());
    }

    public SuggestionClient? SuggestionClient { get; }

    public SuggestionService? SuggestionService { get; }
}
