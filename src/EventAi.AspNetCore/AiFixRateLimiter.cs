using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace EventAi.AspNetCore;

/// <summary>ASP.NET Core's rate limiting primitives, chained: one fixed window per IP, per user and per organization.</summary>
internal sealed class AiFixRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public AiFixRateLimiter(EventAiEndpointOptions options)
    {
        int permits = options.RequestsPerSecond;
        _limiter = PartitionedRateLimiter.CreateChained(
            Partition(permits, context => "ip:" + (context.Connection.RemoteIpAddress ?? IPAddress.None)),
            Partition(permits, context => options.User(context) is { } user ? "user:" + user : null),
            Partition(permits, context => options.Organization(context) is { } organization ? "org:" + organization : null));
    }

    public ValueTask<RateLimitLease> AcquireAsync(HttpContext context, CancellationToken cancellationToken) =>
        _limiter.AcquireAsync(context, 1, cancellationToken);

    public void Dispose() => _limiter.Dispose();

    private static PartitionedRateLimiter<HttpContext> Partition(int permits, Func<HttpContext, string?> key) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => key(context) is { } partition
            ? RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter("anonymous"));
}
