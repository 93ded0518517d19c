using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventAi;

/// <summary>
/// The second cache level of EventAi's HybridCache: whatever <see cref="IDistributedCache"/> the host
/// registered (Redis, SQL Server...), behind a circuit breaker so that its failures never fail or slow a request.
/// </summary>
internal static class SharedSuggestionCache
{
    public const string ServiceKey = "EventAi";

    public static IDistributedCache Create(IServiceProvider services)
    {
        IDistributedCache? host = services.GetService<IDistributedCache>();

        // HybridCache ignores an in-memory second level; without a shared cache, that is what it gets.
        if (host is null or MemoryDistributedCache)
        {
            return new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        }

        ILogger logger = services.GetService<ILogger<ResilientDistributedCache>>() ?? (ILogger)NullLogger.Instance;
        SuggestionCacheOptions options = services.GetRequiredService<IOptions<EventAiOptions>>().Value.Cache;
        var breaker = new SharedCacheBreaker(options, services.GetService<TimeProvider>() ?? TimeProvider.System, logger);
        return new ResilientDistributedCache(host, breaker);
    }
}
