namespace EventAi;

/// <summary>How suggestions are cached: per issue group, in memory and optionally in Redis.</summary>
public sealed class SuggestionCacheOptions
{
    /// <summary>How long a suggestion is kept. Default 300 seconds.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>localhost:6379</c>) for a cache shared by every
    /// instance of the host; <c>null</c> (the default) keeps suggestions in this process only.
    /// </summary>
    public string? RedisConfiguration { get; set; }

    /// <summary>How long to wait for Redis before serving without it. Default 2 seconds.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    public void Validate()
    {
        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, $"{nameof(SuggestionCacheOptions)}.{nameof(Duration)} must be positive.");
        }

        if (RedisTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RedisTimeout), RedisTimeout, $"{nameof(SuggestionCacheOptions)}.{nameof(RedisTimeout)} must be positive.");
        }

        if (RedisConfiguration is not null && string.IsNullOrWhiteSpace(RedisConfiguration))
        {
            throw new ArgumentException($"{nameof(SuggestionCacheOptions)}.{nameof(RedisConfiguration)} must not be blank; use null for no Redis.", nameof(RedisConfiguration));
        }
    }
}
