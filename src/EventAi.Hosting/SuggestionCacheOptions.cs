namespace EventAi;

/// <summary>
/// How suggestions are cached: one per issue group, in memory and, when the host registers an
/// <c>IDistributedCache</c> (Redis with <c>AddStackExchangeRedisCache</c>, SQL Server, ...), shared by
/// every instance through it.
/// </summary>
public sealed class SuggestionCacheOptions
{
    /// <summary>How long a suggestion is kept. Default 300 seconds.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a structured issue summary is kept, in its own key space. Default 7 days.</summary>
    public TimeSpan SummaryDuration { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    internal void Validate()
    {
        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, $"{nameof(SuggestionCacheOptions)}.{nameof(Duration)} must be positive.");
        }

        if (SummaryDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(SummaryDuration), SummaryDuration, $"{nameof(SuggestionCacheOptions)}.{nameof(SummaryDuration)} must be positive.");
        }
    }
}
