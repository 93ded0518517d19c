using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.Tests.Hosting;

/// <summary>
/// The host's real <see cref="IDistributedCache"/> (Redis), counted: how many calls EventAi made to it.
/// Registered in place of the host's cache, as a host's own decorator would be.
/// </summary>
internal sealed class CountingDistributedCache(IDistributedCache inner) : IDistributedCache
{
    private int _calls;

    public IDistributedCache Inner => inner;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Wraps the <see cref="IDistributedCache"/> registered so far.</summary>
    public static void Decorate(IServiceCollection services)
    {
        ServiceDescriptor registered = services.Last(s => s.ServiceType == typeof(IDistributedCache));
        services.Remove(registered);
        services.AddSingleton(sp => new CountingDistributedCache((IDistributedCache)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
        services.AddSingleton<IDistributedCache>(sp => sp.GetRequiredService<CountingDistributedCache>());
    }

    public byte[]? Get(string key) => Count(() => inner.Get(key));

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Count(() => inner.GetAsync(key, token));

    public void Refresh(string key) => Count(() => { inner.Refresh(key); return 0; });

    public Task RefreshAsync(string key, CancellationToken token = default) => Count(() => inner.RefreshAsync(key, token));

    public void Remove(string key) => Count(() => { inner.Remove(key); return 0; });

    public Task RemoveAsync(string key, CancellationToken token = default) => Count(() => inner.RemoveAsync(key, token));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Count(() => { inner.Set(key, value, options); return 0; });

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        Count(() => inner.SetAsync(key, value, options, token));

    /// <summary>Waits until the real cache answers again (the Redis client reconnects in the background).</summary>
    public async Task WaitUntilReachableAsync()
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                await inner.GetAsync("eventai:reachable");
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || attempt < 199)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("The restarted redis-server did not become reachable in 20 s.");
    }

    private T Count<T>(Func<T> call)
    {
        Interlocked.Increment(ref _calls);
        return call();
    }
}
