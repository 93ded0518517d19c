using Microsoft.AspNetCore.Http;

namespace EventAi.AspNetCore;

/// <summary>How the endpoint reads the caller, and how many requests it allows.</summary>
public sealed class EventAiEndpointOptions
{
    /// <summary>The caller's user; default the authenticated user's name.</summary>
    public Func<HttpContext, string?> User { get; set; } = static context => context.User.Identity?.Name;

    /// <summary>The caller's organization; default the <c>organization</c> route value.</summary>
    public Func<HttpContext, string?> Organization { get; set; } =
        static context => context.Request.RouteValues.TryGetValue("organization", out object? value) ? value?.ToString() : null;

    /// <summary>Requests allowed per second for each IP address, each user and each organization. Default 5.</summary>
    public int RequestsPerSecond { get; set; } = 5;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(User, nameof(User));
        ArgumentNullException.ThrowIfNull(Organization, nameof(Organization));
        if (RequestsPerSecond < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(RequestsPerSecond), RequestsPerSecond, $"{nameof(EventAiEndpointOptions)}.{nameof(RequestsPerSecond)} must be 1 or more.");
        }
    }
}
