using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventAi;

/// <summary>Adds the Sentry API client to a host: <c>services.AddEventAi(...).AddSentry(section)</c>.</summary>
public static class EventAiBuilderSentryExtensions
{
    /// <summary>
    /// Registers <see cref="SentryApiClient"/> over an <see cref="HttpClient"/> from <c>IHttpClientFactory</c>
    /// (named <see cref="SentryApiClient.HttpClientName"/>, so the host can add handlers), with options validated
    /// at start-up.
    /// </summary>
    /// <param name="builder">What <c>AddEventAi</c> returned.</param>
    /// <param name="configure">Sets the server and the token (for example from <c>SENTRY_AUTH_TOKEN</c>).</param>
    public static EventAiBuilder AddSentry(this EventAiBuilder builder, Action<SentryApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return AddSentryClient(builder);
    }

    /// <summary>Registers <see cref="SentryApiClient"/> configured by a section such as <c>EventAi:Sentry</c> (<c>BaseUrl</c>, <c>AuthToken</c>, <c>Timeout</c>).</summary>
    /// <param name="builder">What <c>AddEventAi</c> returned.</param>
    /// <param name="section">The section holding <see cref="SentryApiOptions"/>.</param>
    public static EventAiBuilder AddSentry(this EventAiBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptions<SentryApiOptions>().Bind(section);
        return AddSentryClient(builder);
    }

    private static EventAiBuilder AddSentryClient(EventAiBuilder builder)
    {
        IServiceCollection services = builder.Services;
        services.AddOptions<SentryApiOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentryApiOptions>, SentryApiOptionsValidator>());

        // The client's own timeout governs; the factory's must not cut it short.
        services.AddHttpClient(SentryApiClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddTransient(sp => new SentryApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(SentryApiClient.HttpClientName),
            sp.GetRequiredService<IOptions<SentryApiOptions>>().Value,
            sp.GetService<ILogger<SentryApiClient>>()));
        return builder;
    }
}
