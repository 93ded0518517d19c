using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventAi.AspNetCore;

/// <summary>Serves the endpoint's events from Sentry: <c>services.AddEventAi(...).AddSentryEventSource(section)</c>.</summary>
public static class SentryEventSourceExtensions
{
    /// <summary>
    /// Registers the Sentry API client (<c>AddSentry</c>, configured by a section such as <c>EventAi:Sentry</c>)
    /// and <see cref="SentryEventSource"/> as the endpoint's <see cref="IEventSource"/>.
    /// </summary>
    /// <param name="builder">What <c>AddEventAi</c> returned.</param>
    /// <param name="section">The section holding <see cref="SentryApiOptions"/>.</param>
    /// <param name="configure">Where the organization and project come from; default the route values.</param>
    public static EventAiBuilder AddSentryEventSource(this EventAiBuilder builder, IConfiguration section, Action<SentryEventSourceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSentry(section);
        var options = new SentryEventSourceOptions();
        configure?.Invoke(options);
        builder.Services.TryAddSingleton<IEventSource>(new SentryEventSource(options));
        return builder;
    }

    /// <summary>Registers the Sentry API client (<c>AddSentry</c>) and <see cref="SentryEventSource"/> as the endpoint's <see cref="IEventSource"/>.</summary>
    /// <param name="builder">What <c>AddEventAi</c> returned.</param>
    /// <param name="configureApi">Sets the server and the token.</param>
    /// <param name="configure">Where the organization and project come from; default the route values.</param>
    public static EventAiBuilder AddSentryEventSource(this EventAiBuilder builder, Action<SentryApiOptions> configureApi, Action<SentryEventSourceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSentry(configureApi);
        var options = new SentryEventSourceOptions();
        configure?.Invoke(options);
        builder.Services.TryAddSingleton<IEventSource>(new SentryEventSource(options));
        return builder;
    }
}
