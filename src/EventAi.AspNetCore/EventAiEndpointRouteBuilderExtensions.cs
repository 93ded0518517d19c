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
    /// Maps <c>GET {prefix}/events/{eventId}/ai-fix</c> (the suggested fix, with the query flags
    /// <c>stream=yes</c>, <c>consent=yes</c> and <c>pii_certified=yes</c>) and
    /// <c>GET {prefix}/events/{eventId}/ai-summary</c> (the structured summary, same flags but
    /// <c>stream</c>), sharing one rate limit per caller. Needs <c>services.AddEventAi(...)</c> and an
    /// <see cref="IEventSource"/> registered by the host.
    /// </summary>
    /// <param name="endpoints">The app's routes.</param>
    /// <param name="prefix">The route before <c>/events/...</c>, such as <c>/api/{organization}/{project}</c>.</param>
    /// <param name="configure">How to read the caller, what a request must carry, the event size limit and the rate limit.</param>
    /// <returns>The group of both routes, for conventions such as <c>RequireAuthorization()</c> or <c>RequireCors(...)</c>.</returns>
    /// <exception cref="ArgumentException">A setting is not valid; the message names it.</exception>
    public static RouteGroupBuilder MapEventAi(
        this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix = "", Action<EventAiEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new EventAiEndpointOptions();
        configure?.Invoke(options);
        options.Validate();
        IServiceProvider services = endpoints.ServiceProvider;
        var gate = new EventAiRequestGate(options, services.GetService<TimeProvider>() ?? TimeProvider.System);
        ILoggerFactory? loggers = services.GetService<ILoggerFactory>();
        var fix = new AiFixEndpoint(gate, loggers?.CreateLogger("EventAi.AspNetCore.AiFixEndpoint") ?? NullLogger.Instance);
        var summary = new AiSummaryEndpoint(gate, loggers?.CreateLogger("EventAi.AspNetCore.AiSummaryEndpoint") ?? NullLogger.Instance);

        RouteGroupBuilder group = endpoints.MapGroup(prefix.TrimEnd('/'));
        group.MapGet("/events/{eventId}/ai-fix", (HttpContext context, string eventId) => fix.HandleAsync(context, eventId)).WithName("EventAiFix");
        group.MapGet("/events/{eventId}/ai-summary", (HttpContext context, string eventId) => summary.HandleAsync(context, eventId)).WithName("EventAiSummary");
        return group;
    }
}
