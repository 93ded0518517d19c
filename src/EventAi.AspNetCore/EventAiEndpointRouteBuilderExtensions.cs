using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventAi.AspNetCore;

/// <summary>Maps the "explain this error" endpoint of SPEC §6 into a host app.</summary>
public static class EventAiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {prefix}/events/{eventId}/ai-fix</c> with the query flags <c>stream=yes</c>,
    /// <c>consent=yes</c> and <c>pii_certified=yes</c>. Needs <c>services.AddEventAi(...)</c> and an
    /// <see cref="IEventSource"/> registered by the host.
    /// </summary>
    /// <param name="endpoints">The app's routes.</param>
    /// <param name="prefix">The route before <c>/events/...</c>, such as <c>/api/{organization}/{project}</c>.</param>
    /// <param name="configure">How to read the caller, what a request must carry, the event size limit and the rate limit.</param>
    /// <exception cref="ArgumentException">A setting is not valid; the message names it.</exception>
    public static RouteHandlerBuilder MapEventAi(
        this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix = "", Action<EventAiEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new EventAiEndpointOptions();
        configure?.Invoke(options);
        options.Validate();
        IServiceProvider services = endpoints.ServiceProvider;
        var endpoint = new AiFixEndpoint(
            options,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>()?.CreateLogger("EventAi.AspNetCore.AiFixEndpoint") ?? NullLogger.Instance);
        return endpoints.MapGet(prefix.TrimEnd('/') + "/events/{eventId}/ai-fix", (HttpContext context, string eventId) => endpoint.HandleAsync(context, eventId))
            .WithName("EventAiFix");
    }
}
