namespace EventAi;

/// <summary>How <see cref="SentryApiClient"/> reaches a Sentry server: sentry.io or a self-hosted one.</summary>
public sealed class SentryApiOptions
{
    /// <summary>The default server, sentry.io.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://sentry.io/");

    /// <summary>The default time allowed for one request: 30 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default largest answer read: 32 MiB.</summary>
    public const int DefaultMaxResponseBytes = 32 * 1024 * 1024;

    /// <summary>
    /// The server's root, such as <c>https://sentry.io/</c> or <c>https://sentry.example.com/</c>; the API is
    /// under <c>/api/0/</c> on both. The token is sent to this server only. Default sentry.io.
    /// </summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>
    /// The auth token, sent as a Bearer token: an organization token or a personal token with the
    /// <c>event:read</c> scope (and <c>project:read</c> for events looked up by project). Conventionally read
    /// from <c>SENTRY_AUTH_TOKEN</c>. Never written to a message, a log or <see cref="ToString"/>.
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>The time allowed for one request, from sending it to reading the whole answer. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>The largest answer read, in bytes; a larger one fails as an invalid answer. Default 32 MiB.</summary>
    public int MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    public void Validate()
    {
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException(
                $"{nameof(SentryApiOptions)}.{nameof(BaseUrl)} must be an absolute http or https URL, such as https://sentry.io/.", nameof(BaseUrl));
        }

        if (string.IsNullOrWhiteSpace(AuthToken))
        {
            throw new ArgumentException(
                $"{nameof(SentryApiOptions)}.{nameof(AuthToken)} is required: a Sentry auth token with the event:read scope (conventionally SENTRY_AUTH_TOKEN).",
                nameof(AuthToken));
        }

        if (AuthToken.AsSpan().IndexOfAny("\r\n ") >= 0)
        {
            throw new ArgumentException(
                $"{nameof(SentryApiOptions)}.{nameof(AuthToken)} must not contain spaces or line breaks.", nameof(AuthToken));
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Timeout), Timeout, $"{nameof(SentryApiOptions)}.{nameof(Timeout)} must be more than 0 and at most 10 minutes.");
        }

        if (MaxResponseBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxResponseBytes), MaxResponseBytes, $"{nameof(SentryApiOptions)}.{nameof(MaxResponseBytes)} must be 1024 or more.");
        }
    }

    /// <summary>The server, without the token.</summary>
    public override string ToString() => $"Sentry at {BaseUrl}";

    internal SentryApiOptions Clone() => new()
    {
        BaseUrl = BaseUrl,
        AuthToken = AuthToken,
        Timeout = Timeout,
        MaxResponseBytes = MaxResponseBytes,
    };
}
