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

    /// <summary>
    /// How long the shared cache is skipped after it fails, so that an outage costs one failed call
    /// rather than a timeout on every request. Default 30 seconds.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest the shared cache is skipped: while it stays down, each failed retry doubles the break,
    /// up to this. Default 5 minutes; at least <see cref="BreakDuration"/>.
    /// </summary>
    public TimeSpan MaxBreakDuration { get; set; } = TimeSpan.FromMinutes(5);

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

        if (BreakDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(BreakDuration), BreakDuration, $"{nameof(SuggestionCacheOptions)}.{nameof(BreakDuration)} must be positive.");
        }

        if (MaxBreakDuration < BreakDuration)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxBreakDuration),
                MaxBreakDuration,
                $"{nameof(SuggestionCacheOptions)}.{nameof(MaxBreakDuration)} must be at least {nameof(SuggestionCacheOptions)}.{nameof(BreakDuration)} ({BreakDuration}).");
        }
    }
}
