namespace EventAi.AspNetCore;

/// <summary>
/// A token bucket holding <c>limit</c> tokens, each of which comes back exactly one second after it was
/// spent: a burst of up to <c>limit</c>, and never more than <c>limit</c> grants in any one-second window
/// (a fixed window lets twice as many through across its edge). Not thread-safe: lock it.
/// </summary>
internal sealed class SlidingTokenBucket
{
    private readonly long[] _grants;
    private readonly long _window;
    private int _next;
    private int _count;

    public SlidingTokenBucket(int limit, long window)
    {
        _grants = new long[limit];
        _window = window;
    }

    /// <summary>Set once the bucket has left its table; a caller holding it looks it up again.</summary>
    public bool Removed { get; set; }

    /// <summary>How long until a token is free, in timestamp ticks; zero when one is free now.</summary>
    public long WaitTime(long now) => _count < _grants.Length ? 0 : Math.Max(0, _grants[_next] + _window - now);

    /// <summary>Spends a token (check <see cref="WaitTime"/> first).</summary>
    public void Take(long now)
    {
        _grants[_next] = now;
        _next = (_next + 1) % _grants.Length;
        _count = Math.Min(_count + 1, _grants.Length);
    }

    /// <summary>Whether every token is back, so the bucket is as good as new and can be dropped.</summary>
    public bool IsFull(long now) => _count == 0 || now - _grants[(_next + _grants.Length - 1) % _grants.Length] >= _window;
}
