using Microsoft.Extensions.Caching.Distributed;

namespace EventAi;

/// <summary>
/// Keeps a shared cache (Redis) from ever failing or slowing a request: a failure reads as a miss and a
/// write is skipped, and after a failure the cache is not called at all until the breaker lets a probe
/// through (<see cref="SharedCacheBreaker"/>), so an outage costs what running without it costs.
/// </summary>
internal sealed class ResilientDistributedCache : IDistributedCache
{
    private readonly IDistributedCache _inner;
    private readonly SharedCacheBreaker _breaker;

    public ResilientDistributedCache(IDistributedCache inner, SharedCacheBreaker breaker)
    {
        _inner = inner;
        _breaker = breaker;
    }

    public SharedCacheBreaker Breaker => _breaker;

    public byte[]? Get(string key) => Guard(() => _inner.Get(key), null);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        GuardAsync(() => _inner.GetAsync(key, token), null, token);

    public void Refresh(string key) => Guard(() => { _inner.Refresh(key); return 0; }, 0);

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        GuardAsync(async () => { await _inner.RefreshAsync(key, token).ConfigureAwait(false); return 0; }, 0, token);

    public void Remove(string key) => Guard(() => { _inner.Remove(key); return 0; }, 0);

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        GuardAsync(async () => { await _inner.RemoveAsync(key, token).ConfigureAwait(false); return 0; }, 0, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Guard(() => { _inner.Set(key, value, options); return 0; }, 0);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        GuardAsync(async () => { await _inner.SetAsync(key, value, options, token).ConfigureAwait(false); return 0; }, 0, token);

    private T Guard<T>(Func<T> action, T skipped)
    {
        if (!_breaker.TryEnter(out bool probe))
        {
            return skipped;
        }

        try
        {
            T result = action();
            _breaker.Succeeded(probe);
            return result;
        }
        catch (Exception e)
        {
            _breaker.Failed(e, probe); // the synchronous calls take no token: a cancellation is the cache's own timeout
            return skipped;
        }
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> action, T skipped, CancellationToken token)
    {
        if (!_breaker.TryEnter(out bool probe))
        {
            return skipped;
        }

        try
        {
            T result = await action().ConfigureAwait(false);
            _breaker.Succeeded(probe);
            return result;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            _breaker.Abandoned(probe);
            throw;
        }
        catch (Exception e)
        {
            _breaker.Failed(e, probe);
            return skipped;
        }
    }
}
