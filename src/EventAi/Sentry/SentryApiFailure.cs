namespace EventAi;

/// <summary>Why a request to the Sentry API failed.</summary>
public enum SentryApiFailure
{
    /// <summary>401: the token is missing, expired or revoked.</summary>
    Unauthorized,

    /// <summary>403: the token lacks the scope the request needs, or access to the organization or project.</summary>
    Forbidden,

    /// <summary>404: no such organization, project, issue or event (or the token cannot see it).</summary>
    NotFound,

    /// <summary>429: Sentry rate-limited the caller; see <see cref="SentryApiException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>Any other status that is not a success, such as 400 or 5xx.</summary>
    ServerError,

    /// <summary>A success status with an answer that is not a JSON object (an HTML page, a proxy's sign-in form, a truncated body...).</summary>
    InvalidResponse,

    /// <summary>No complete answer within <see cref="SentryApiOptions.Timeout"/>.</summary>
    Timeout,

    /// <summary>The server could not be reached: name resolution, connection or TLS failed.</summary>
    Unreachable,
}
