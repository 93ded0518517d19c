namespace EventAi;

/// <summary>Which event of an issue to fetch when no event id is given.</summary>
public enum SentryIssueEvent
{
    /// <summary>The event Sentry shows first on the issue page (<c>recommended</c>): a recent one with the most useful data.</summary>
    Recommended,

    /// <summary>The newest event (<c>latest</c>).</summary>
    Latest,

    /// <summary>The first event (<c>oldest</c>).</summary>
    Oldest,
}
