using System.Text.Json;

namespace EventAi;

/// <summary>The model service refused the request because of a rate limit or quota (HTTP 429).</summary>
public sealed class ModelRateLimitedException : ModelServiceException
{
    /// <summary>Creates the exception with a message only.</summary>
    public ModelRateLimitedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public ModelRateLimitedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The SDK's error.</param>
    public ModelRateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a 429 answer.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="error">The service's error object, when it sent one.</param>
    /// <param name="retryAfter">How long the service asked to wait, when it said.</param>
    /// <param name="innerException">The SDK's error.</param>
    public ModelRateLimitedException(string message, JsonElement? error, TimeSpan? retryAfter, Exception? innerException)
        : base(message, 429, error, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the service asked to wait before trying again, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
