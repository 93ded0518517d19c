using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace EventAi.AspNetCore;

/// <summary>
/// The endpoint's rate limits: one <see cref="SlidingTokenBucket"/> per IP address, per user and per
/// organization. A request is granted only when every bucket it falls in has a token, and then takes one
/// from each, so a request refused by one limit costs nothing in the others.
/// </summary>
internal sealed class AiFixRateLimiter
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, SlidingTokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly EventAiEndpointOptions _options;
    private readonly TimeProvider _time;
    private readonly long _window;
    private long _nextSweep;
    private int _sweeping;

    public AiFixRateLimiter(EventAiEndpointOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _window = time.TimestampFrequency;
        _nextSweep = time.GetTimestamp() + Ticks(SweepInterval);
    }

    /// <summary>Takes a token for the request, or says how long until one is free.</summary>
    public bool TryAcquire(HttpContext context, out TimeSpan retryAfter)
    {
        string ip = "ip:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);
        string? user = _options.User(context) is { } name ? "user:" + name : null;
        string? organization = _options.Organization(context) is { } org ? "org:" + org : null;
        SweepNow();

        while (true)
        {
            // Locks are always taken in the order IP, user, organization, so two requests cannot deadlock.
            SlidingTokenBucket first = Bucket(ip);
            SlidingTokenBucket? second = user is null ? null : Bucket(user);
            SlidingTokenBucket? third = organization is null ? null : Bucket(organization);
            lock (first)
            {
                using var secondLock = new OptionalLock(second);
                using var thirdLock = new OptionalLock(third);
                if (first.Removed || second?.Removed == true || third?.Removed == true)
                {
                    continue;
                }

                long now = _time.GetTimestamp();
                long wait = Math.Max(first.WaitTime(now), Math.Max(second?.WaitTime(now) ?? 0, third?.WaitTime(now) ?? 0));
                if (wait > 0)
                {
                    retryAfter = TimeSpan.FromSeconds((double)wait / _time.TimestampFrequency);
                    return false;
                }

                first.Take(now);
                second?.Take(now);
                third?.Take(now);
                retryAfter = TimeSpan.Zero;
                return true;
            }
        }
    }

    private SlidingTokenBucket Bucket(string key) =>
        _buckets.GetOrAdd(key, static (_, limiter) => new SlidingTokenBucket(limiter._options.RequestsPerSecond, limiter._window), this);

    // Buckets whose tokens are all back are dropped every few seconds, so the table holds only recent callers.
    private void SweepNow()
    {
        long now = _time.GetTimestamp();
        if (now < Volatile.Read(ref _nextSweep) || Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (KeyValuePair<string, SlidingTokenBucket> entry in _buckets)
            {
                lock (entry.Value)
                {
                    if (entry.Value.IsFull(now))
                    {
                        entry.Value.Removed = true;
                        _buckets.TryRemove(entry);
                    }
                }
            }

            Volatile.Write(ref _nextSweep, now + Ticks(SweepInterval));
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Holds a lock on a bucket when there is one.</summary>
    private readonly ref struct OptionalLock
    {
        private readonly SlidingTokenBucket? _bucket;

        public OptionalLock(SlidingTokenBucket? bucket)
        {
            _bucket = bucket;
            if (bucket is not null)
            {
                Monitor.Enter(bucket);
            }
        }

        public void Dispose()
        {
            if (_bucket is not null)
            {
                Monitor.Exit(_bucket);
            }
        }
    }
}
