namespace EventAi.Cli;

/// <summary>How the CLI words a failure of the model service on standard error.</summary>
internal static class ServiceFailureMessage
{
    /// <summary>The service's message as a sentence, and for a rate limit when to try again.</summary>
    public static string For(ModelServiceException error)
    {
        string message = error.Message.TrimEnd();
        if (message.Length > 0 && message[^1] is not ('.' or '!' or '?'))
        {
            message += ".";
        }

        return error is ModelRateLimitedException { RetryAfter: { } retryAfter }
            ? FormattableString.Invariant($"{message} Retry after {Math.Ceiling(retryAfter.TotalSeconds):0} s.")
            : message;
    }
}
