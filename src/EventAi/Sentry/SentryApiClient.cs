using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventAi;

/// <summary>
/// Reads events from Sentry's REST API, on sentry.io or a self-hosted server, with an auth token sent as a
/// Bearer token. The endpoints and scopes follow Sentry's published OpenAPI description
/// (getsentry/sentry-api-schema, <c>openapi-derefed.json</c>: <c>getOrganizationIssueEvent</c> and
/// <c>getProjectEvent</c>), authentication follows docs.sentry.io/api/auth and rate limits
/// docs.sentry.io/api/ratelimits. Thread-safe; the <see cref="HttpClient"/> is used, not disposed.
/// </summary>
public sealed partial class SentryApiClient
{
    /// <summary>The name of the <see cref="HttpClient"/> hosts configure for it (<c>IHttpClientFactory</c>).</summary>
    public const string HttpClientName = "EventAi.Sentry";

    private readonly HttpClient _http;
    private readonly SentryApiOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _apiRoot;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">Sends the requests; its own timeout should not be shorter than <see cref="SentryApiOptions.Timeout"/>.</param>
    /// <param name="options">The server, token and limits; validated here and copied.</param>
    /// <param name="logger">Where requests are logged (path, status and time; never the token).</param>
    /// <exception cref="ArgumentException">A setting is not valid; the message names it.</exception>
    public SentryApiClient(HttpClient httpClient, SentryApiOptions options, ILogger<SentryApiClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = httpClient;
        _options = options.Clone();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        string root = _options.BaseUrl.GetLeftPart(UriPartial.Path);
        _apiRoot = new Uri((root.EndsWith('/') ? root : root + "/") + "api/0/");
    }

    /// <summary>The server the token is sent to.</summary>
    public Uri BaseUrl => _options.BaseUrl;

    /// <summary>
    /// An event of a project by its id: <c>GET /api/0/projects/{organization}/{project}/events/{eventId}/</c>
    /// (scope <c>project:read</c>).
    /// </summary>
    /// <param name="organization">The organization's slug or id.</param>
    /// <param name="project">The project's slug or id.</param>
    /// <param name="eventId">The event id, 32 hexadecimal characters.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="SentryApiException">The request failed; <see cref="SentryApiException.Failure"/> says why.</exception>
    public Task<SentryEvent> GetProjectEventAsync(string organization, string project, string eventId, CancellationToken cancellationToken = default)
    {
        string path = $"projects/{Segment(organization)}/{Segment(project)}/events/{Segment(eventId)}/";
        return GetAsync(path, $"event {eventId} of project '{project}' in organization '{organization}'", "project:read", cancellationToken);
    }

    /// <summary>
    /// The latest, oldest or recommended event of an issue:
    /// <c>GET /api/0/organizations/{organization}/issues/{issueId}/events/{latest|oldest|recommended}/</c> (scope <c>event:read</c>).
    /// </summary>
    /// <param name="organization">The organization's slug or id.</param>
    /// <param name="issueId">The issue id, as in the issue's URL.</param>
    /// <param name="which">Which event.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="SentryApiException">The request failed; <see cref="SentryApiException.Failure"/> says why.</exception>
    public Task<SentryEvent> GetIssueEventAsync(string organization, string issueId, SentryIssueEvent which, CancellationToken cancellationToken = default)
    {
        string name = which switch
        {
            SentryIssueEvent.Latest => "latest",
            SentryIssueEvent.Oldest => "oldest",
            SentryIssueEvent.Recommended => "recommended",
            _ => throw new ArgumentOutOfRangeException(nameof(which), which, "Latest, Oldest or Recommended."),
        };
        return GetIssueEventAsync(organization, issueId, name, cancellationToken);
    }

    /// <summary>
    /// An event of an issue: <c>GET /api/0/organizations/{organization}/issues/{issueId}/events/{eventId}/</c>
    /// (scope <c>event:read</c>), where the event is an id or <c>latest</c>, <c>oldest</c> or <c>recommended</c>.
    /// </summary>
    /// <param name="organization">The organization's slug or id.</param>
    /// <param name="issueId">The issue id, as in the issue's URL.</param>
    /// <param name="eventId">The event id, or <c>latest</c>, <c>oldest</c> or <c>recommended</c>.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="SentryApiException">The request failed; <see cref="SentryApiException.Failure"/> says why.</exception>
    public Task<SentryEvent> GetIssueEventAsync(string organization, string issueId, string eventId, CancellationToken cancellationToken = default)
    {
        string path = $"organizations/{Segment(organization)}/issues/{Segment(issueId)}/events/{Segment(eventId)}/";
        string what = eventId is "latest" or "oldest" or "recommended"
            ? $"the {eventId} event of issue {issueId} in organization '{organization}'"
            : $"event {eventId} of issue {issueId} in organization '{organization}'";
        return GetAsync(path, what, "event:read", cancellationToken);
    }

    /// <summary>
    /// The event a browser URL shows (<see cref="SentryEventUrl"/>): the recommended event of an issue page, or
    /// the event named. The URL must be on this client's server (<see cref="SentryApiOptions.BaseUrl"/>) or, for
    /// a customer domain such as <c>acme.sentry.io</c>, on a subdomain of it; the request goes to the server.
    /// </summary>
    /// <param name="url">The page.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="ArgumentException">The URL is on another server, or names no organization.</exception>
    /// <exception cref="SentryApiException">The request failed; <see cref="SentryApiException.Failure"/> says why.</exception>
    public Task<SentryEvent> GetEventAsync(SentryEventUrl url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        string organization = OrganizationOf(url);
        if (url.IssueId is { } issueId)
        {
            return GetIssueEventAsync(organization, issueId, url.EventId ?? "recommended", cancellationToken);
        }

        return GetProjectEventAsync(organization, url.Project!, url.EventId!, cancellationToken);
    }

    private string OrganizationOf(SentryEventUrl url)
    {
        string host = url.Url.IdnHost;
        string server = _options.BaseUrl.IdnHost;
        bool sameHost = host.Equals(server, StringComparison.OrdinalIgnoreCase);
        bool subdomain = host.EndsWith("." + server, StringComparison.OrdinalIgnoreCase);
        if (!sameHost && !subdomain)
        {
            throw new ArgumentException(
                $"The URL is on {host}, but the Sentry server is {_options.BaseUrl} ({nameof(SentryApiOptions)}.{nameof(SentryApiOptions.BaseUrl)}; " +
                "SENTRY_URL for the eventai command): the token is only sent to that server.", nameof(url));
        }

        if (url.Organization is { } organization)
        {
            return organization;
        }

        if (subdomain)
        {
            string label = host[..^(server.Length + 1)];
            if (!label.Contains('.', StringComparison.Ordinal))
            {
                return label;
            }
        }

        throw new ArgumentException(
            $"The URL names no organization: use the customer domain (https://ORG.{server}/issues/...) or /organizations/ORG/issues/....", nameof(url));
    }

    private async Task<SentryEvent> GetAsync(string path, string what, string scope, CancellationToken cancellationToken)
    {
        var uri = new Uri(_apiRoot, path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        long started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AuthToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            byte[] body = await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false);
            LogAnswered(_logger, uri.AbsolutePath, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                throw Failed(response, body, what, scope);
            }

            return ReadEvent(response, body);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, uri.AbsolutePath, SentryApiFailure.Timeout);
            throw new SentryApiException(
                SentryApiFailure.Timeout,
                string.Create(CultureInfo.InvariantCulture, $"Sentry at {_options.BaseUrl} did not answer within {_options.Timeout.TotalSeconds:0.#} s ({nameof(SentryApiOptions)}.{nameof(SentryApiOptions.Timeout)})."),
                innerException: e);
        }
        catch (HttpRequestException e)
        {
            LogFailed(_logger, uri.AbsolutePath, SentryApiFailure.Unreachable);
            throw new SentryApiException(
                SentryApiFailure.Unreachable, Redact($"Sentry at {_options.BaseUrl} could not be reached: {e.Message}"), innerException: e);
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int max = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw TooLarge((int)response.StatusCode);
        }

        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw TooLarge((int)response.StatusCode);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private SentryApiException TooLarge(int status) => new(
        SentryApiFailure.InvalidResponse,
        $"Sentry's answer is larger than {_options.MaxResponseBytes} bytes ({nameof(SentryApiOptions)}.{nameof(SentryApiOptions.MaxResponseBytes)}).",
        status);

    private SentryEvent ReadEvent(HttpResponseMessage response, byte[] body)
    {
        int status = (int)response.StatusCode;
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        bool json = mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (!json)
        {
            throw new SentryApiException(
                SentryApiFailure.InvalidResponse,
                $"Sentry at {_options.BaseUrl} answered {status} with {mediaType ?? "no content type"} rather than a JSON event: " +
                "is that the Sentry server (its API is under /api/0/), and not a proxy or sign-in page?",
                status);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SentryApiException(
                    SentryApiFailure.InvalidResponse, $"Sentry answered {status} with a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an event object.", status);
            }

            return new SentryEvent(body, Text(root, "eventID"), Text(root, "groupID"), Text(root, "projectID"));
        }
        catch (JsonException e)
        {
            throw new SentryApiException(
                SentryApiFailure.InvalidResponse,
                $"Sentry answered {status} with JSON that does not parse (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).",
                status,
                innerException: e);
        }
    }

    private SentryApiException Failed(HttpResponseMessage response, byte[] body, string what, string scope)
    {
        int status = (int)response.StatusCode;
        string detail = Detail(body) is { } text ? $" Sentry says: {text}" : "";
        (SentryApiFailure failure, string message, TimeSpan? retryAfter) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => (SentryApiFailure.Unauthorized,
                $"Sentry rejected the auth token (401 Unauthorized): it is missing, expired or revoked. Use a token with the {scope} scope " +
                "(SentryApiOptions.AuthToken; SENTRY_AUTH_TOKEN for the eventai command).", (TimeSpan?)null),
            HttpStatusCode.Forbidden => (SentryApiFailure.Forbidden,
                $"Sentry refused access to {what} (403 Forbidden): the auth token lacks the {scope} scope or access to that organization or project.", null),
            HttpStatusCode.NotFound => (SentryApiFailure.NotFound,
                $"Sentry has no {what} (404 Not Found), or the auth token cannot see it.", null),
            HttpStatusCode.TooManyRequests => (SentryApiFailure.RateLimited, RateLimitMessage(RetryAfter(response)), RetryAfter(response)),
            _ => (SentryApiFailure.ServerError,
                $"Sentry at {_options.BaseUrl} answered {status} {response.ReasonPhrase} for {what}.", null),
        };
        LogFailed(_logger, response.RequestMessage?.RequestUri?.AbsolutePath ?? "", failure);
        return new SentryApiException(failure, Redact(message + detail), status, retryAfter);
    }

    private static string RateLimitMessage(TimeSpan? retryAfter) => retryAfter is { } wait
        ? string.Create(CultureInfo.InvariantCulture, $"Sentry rate-limited the request (429 Too Many Requests); retry after {Math.Ceiling(wait.TotalSeconds):0} s.")
        : "Sentry rate-limited the request (429 Too Many Requests); retry later.";

    // Retry-After (seconds or an HTTP date), else Sentry's own X-Sentry-Rate-Limit-Reset (UTC epoch seconds).
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                return Max(date - DateTimeOffset.UtcNow);
            }
        }

        if (response.Headers.TryGetValues("X-Sentry-Rate-Limit-Reset", out IEnumerable<string>? values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double reset))
        {
            return Max(DateTimeOffset.FromUnixTimeMilliseconds((long)(reset * 1000)) - DateTimeOffset.UtcNow);
        }

        return null;

        static TimeSpan Max(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    // Sentry's errors are {"detail": "..."}; anything else (an HTML page) is not repeated.
    private static string? Detail(byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("detail", out JsonElement detail)
                && detail.ValueKind == JsonValueKind.String
                && detail.GetString() is { Length: > 0 } text)
            {
                text = text.ReplaceLineEndings(" ");
                return text.Length > 300 ? string.Concat(text.AsSpan(0, 300), "…") : text;
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static string? Text(JsonElement root, string name) => root.TryGetProperty(name, out JsonElement value) ? value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    } : null;

    // Whatever a server or a network error writes, the token never leaves in a message.
    private string Redact(string message) =>
        _options.AuthToken is { Length: > 0 } token ? message.Replace(token, "[token]", StringComparison.Ordinal) : message;

    private static string Segment(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value is "." or "..")
        {
            throw new ArgumentException($"'{value}' is not a valid {name}.", name);
        }

        return Uri.EscapeDataString(value);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "Sentry GET {Path} answered {Status} in {ElapsedMs:0} ms")]
    private static partial void LogAnswered(ILogger logger, string path, int status, double elapsedMs);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Sentry GET {Path} failed: {Failure}")]
    private static partial void LogFailed(ILogger logger, string path, SentryApiFailure failure);
}
