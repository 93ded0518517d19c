using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading.RateLimiting;
using EventAi.Mcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.AspNetCore;

/// <summary>Maps EventAi's MCP tools over streamable HTTP into a host app.</summary>
public static class EventAiMcpEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the MCP server at <paramref name="prefix"/> (the SDK's <c>MapMcp</c>: streamable HTTP, stateless by
    /// default) behind the endpoint's rate limits per IP, user and organization (429 with <c>Retry-After</c>), and
    /// makes the caller of each request (user, organization, <c>consent=yes</c>, <c>pii_certified=yes</c> in the
    /// query) the one the data policy sees. Needs <c>services.AddEventAi(...)</c> and
    /// <c>services.AddMcpServer().WithHttpTransport().WithEventAiTools()</c>.
    /// </summary>
    /// <param name="endpoints">The app's routes.</param>
    /// <param name="prefix">Where the MCP server answers, such as <c>/mcp</c> or <c>/api/{organization}/mcp</c>.</param>
    /// <param name="configure">How to read the caller, and the rate limit.</param>
    /// <exception cref="ArgumentException">A setting is not valid; the message names it.</exception>
    public static IEndpointConventionBuilder MapEventAiMcp(
        this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix = "/mcp", Action<EventAiEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new EventAiEndpointOptions();
        configure?.Invoke(options);
        options.Validate();
        var limiter = new AiFixRateLimiter(options, endpoints.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System);

        IEndpointConventionBuilder mcp = endpoints.MapMcp(prefix);
        mcp.Add(endpoint =>
        {
            RequestDelegate inner = endpoint.RequestDelegate ?? throw new InvalidOperationException("MapMcp mapped an endpoint without a handler.");
            endpoint.RequestDelegate = context => GuardAsync(context, inner, limiter, options);
        });
        return mcp;
    }

    private static async Task GuardAsync(HttpContext context, RequestDelegate inner, AiFixRateLimiter limiter, EventAiEndpointOptions options)
    {
        if (!limiter.TryAcquire(context, out TimeSpan wait))
        {
            context.Response.Headers.RetryAfter = AiFixErrors.Seconds(wait);
            await Results.Json(new { error = "Too many requests." }, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (context.RequestServices.GetService<EventAiMcpCaller>() is { } caller)
        {
            IQueryCollection query = context.Request.Query;
            caller.Context = new OpenAiPolicyContext(
                options.Organization(context), options.User(context), PiiCertified: query["pii_certified"] == "yes", Consent: query["consent"] == "yes");
        }

        await inner(context).ConfigureAwait(false);
    }
}
