using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace EventAi;

/// <summary>
/// Keeps a shared cache (Redis) from ever failing a request: an unreachable server reads as a miss and
/// a write is skipped, each logged as a warning.
/// </summary>
internal sealed partial class ResilientDistributedCache : IDistributedCache
{
    private readonly IDistributedCache _inner;
    private readonly ILogger _logger;

    public ResilientDistributedCache(IDistributedCache inner, ILogger<ResilientDistributedCache> logger)
    {
        _inner = inner;
        _logger = logger;
    }

    public byte[]? Get(string key) => Guard(() => _inner.Get(key), null);

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        try
        {
            return await _inner.GetAsync(key, token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            LogUnavailable(_logger, e);
            return null;
        }
    }

    public void Refresh(string key) => Guard(() => { _inner.Refresh(key); return 0; }, 0);

    public async Task RefreshAsync(string key, CancellationToken token = default) =>
        await GuardAsync(() => _inner.RefreshAsync(key, token), token).ConfigureAwait(false);

    public void Remove(string key) => Guard(() => { _inner.Remove(key); return 0; }, 0);

    public async Task RemoveAsync(string key, CancellationToken token = default) =>
        await GuardAsync(() => _inner.RemoveAsync(key, token), token).ConfigureAwait(false);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Guard(() => { _inner.Set(key, value, options); return 0; }, 0);

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        await GuardAsync(() => _inner.SetAsync(key, value, options, token), token).ConfigureAwait(false);

    private T Guard<T>(Func<T> action, T fallback)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(_logger, e);
            return fallback;
        }
    }

    private async Task GuardAsync(Func<Task> action, CancellationToken token)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            LogUnavailable(_logger, e);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "The shared suggestion cache is unavailable; serving without it.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
