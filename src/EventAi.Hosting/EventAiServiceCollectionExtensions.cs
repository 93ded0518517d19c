using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventAi;

/// <summary>Registers EventAi in a host app: <c>services.AddEventAi(builder.Configuration.GetSection("EventAi"))</c>.</summary>
public static class EventAiServiceCollectionExtensions
{
    /// <summary>Registers EventAi configured by a delegate (and by any later <c>Configure&lt;EventAiOptions&gt;</c>).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to add policy checks or name the chat client.</returns>
    public static EventAiBuilder AddEventAi(this IServiceCollection services, Action<EventAiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return AddEventAi(services);
    }

    /// <summary>Registers EventAi configured by a configuration section (such as <c>EventAi</c> of appsettings.json).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="section">The section holding <see cref="EventAiOptions"/>.</param>
    /// <returns>A builder to add policy checks or name the chat client.</returns>
    public static EventAiBuilder AddEventAi(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<EventAiOptions>().Bind(section);
        return AddEventAi(services);
    }

    /// <summary>
    /// Registers EventAi with options set elsewhere (<c>services.Configure&lt;EventAiOptions&gt;(...)</c>).
    /// Options are read when the services are first resolved and validated when the host starts.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <returns>A builder to add policy checks or name the chat client.</returns>
    public static EventAiBuilder AddEventAi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EventAiOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<EventAiOptions>, EmptyStringsAsUnset>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventAiOptions>, EventAiOptionsValidator>());
        services.TryAddSingleton(sp => new EventDescriber(sp.GetRequiredService<IOptions<EventAiOptions>>().Value.Suggestions.Describe));
        services.TryAddSingleton(sp => new OpenAiPolicy(sp.GetServices<IOpenAiPolicyCheck>(), sp.GetService<ILogger<OpenAiPolicy>>()));
        services.TryAddSingleton<SuggestionServices>();
        services.TryAddSingleton(sp => sp.GetRequiredService<SuggestionServices>().RequireClient());
        services.TryAddSingleton(sp => sp.GetRequiredService<SuggestionServices>().RequireService());

        // EventAi's own HybridCache, so that its second level can be guarded without touching the host's cache.
        services.AddKeyedHybridCache(SharedSuggestionCache.ServiceKey, options => options.DistributedCacheServiceKey = SharedSuggestionCache.ServiceKey);
        services.TryAddKeyedSingleton<IDistributedCache>(SharedSuggestionCache.ServiceKey, static (sp, _) => SharedSuggestionCache.Create(sp));
        return new EventAiBuilder(services);
    }
}
