namespace EventAi;

/// <summary>A request to the Sentry API failed; <see cref="Failure"/> says why. The message never holds the auth token.</summary>
public sealed class SentryApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Why the request failed.</param>
    /// <param name="message">What went wrong and what to do, without the token.</param>
    /// <param name="statusCode">The HTTP status, when there was an answer.</param>
    /// <param name="retryAfter">How long Sentry asked to wait, for a rate limit.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SentryApiException(SentryApiFailure failure, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Why the request failed.</summary>
    public SentryApiFailure Failure { get; }

    /// <summary>The HTTP status, when Sentry answered.</summary>
    public int? StatusCode { get; }

    /// <summary>How long Sentry asked to wait before the next request (<c>Retry-After</c>, else <c>X-Sentry-Rate-Limit-Reset</c>).</summary>
    public TimeSpan? RetryAfter { get; }
}
