using Microsoft.AspNetCore.Http;

namespace EventAi.AspNetCore;

/// <summary>How the endpoint reads the caller, what it requires of a request, and how many requests it allows.</summary>
public sealed class EventAiEndpointOptions
{
    /// <summary>The caller's user; default the authenticated user's name.</summary>
    public Func<HttpContext, string?> User { get; set; } = static context => context.User.Identity?.Name;

    /// <summary>The caller's organization; default the <c>organization</c> route value. Part of the cache key.</summary>
    public Func<HttpContext, string?> Organization { get; set; } =
        static context => context.Request.RouteValues.TryGetValue("organization", out object? value) ? value?.ToString() : null;

    /// <summary>The event's project; default the <c>project</c> route value. Part of the cache key.</summary>
    public Func<HttpContext, string?> Project { get; set; } =
        static context => context.Request.RouteValues.TryGetValue("project", out object? value) ? value?.ToString() : null;

    /// <summary>
    /// Requests allowed per second for each IP address, each user and each organization: at most this many
    /// in any one-second window (a token bucket holding this many, each token back one second after use). Default 5.
    /// </summary>
    public int RequestsPerSecond { get; set; } = 5;

    /// <summary>
    /// The largest event read, in bytes; a larger one is answered 413 without being parsed. A cached answer
    /// never reads the event. Default 1 MiB, Sentry Relay's limit for an event.
    /// </summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// A request header every request must carry (any value), such as <c>X-Requested-With</c>; a request
    /// without it is answered 400 before anything else. A cross-site page cannot send such a header
    /// without a CORS preflight the endpoint does not grant, so cookie-authenticated requests cannot be
    /// forged from another site. <c>null</c> (the default) requires none. A browser <c>EventSource</c>
    /// cannot send headers: with this set, read the stream with <c>fetch</c>.
    /// </summary>
    public string? RequireHeader { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(User, nameof(User));
        ArgumentNullException.ThrowIfNull(Organization, nameof(Organization));
        ArgumentNullException.ThrowIfNull(Project, nameof(Project));
        if (RequestsPerSecond < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(RequestsPerSecond), RequestsPerSecond, $"{nameof(EventAiEndpointOptions)}.{nameof(RequestsPerSecond)} must be 1 or more.");
        }

        if (MaxEventBytes < 1 || MaxEventBytes > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxEventBytes), MaxEventBytes, $"{nameof(EventAiEndpointOptions)}.{nameof(MaxEventBytes)} must be between 1 and {Array.MaxLength}.");
        }

        if (RequireHeader is not null && CrossSiteHeaders.Problem(RequireHeader) is { } problem)
        {
            throw new ArgumentException($"{nameof(EventAiEndpointOptions)}.{nameof(RequireHeader)} '{RequireHeader}' {problem}", nameof(RequireHeader));
        }
    }
}
