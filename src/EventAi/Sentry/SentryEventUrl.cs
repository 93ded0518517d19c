using System.Diagnostics.CodeAnalysis;

namespace EventAi;

/// <summary>
/// An issue or event page of Sentry as copied from the browser, read into the ids the API needs. The forms
/// are those of Sentry's web app routes (<c>static/app/router/routes.tsx</c> in getsentry/sentry: issues under
/// <c>/issues/:groupId/</c> and <c>/issues/:groupId/events/:eventId/</c>, with or without the
/// <c>/organizations/:orgId</c> prefix; project events under <c>/projects/:projectId/events/:eventId/</c> and
/// the older <c>/:orgId/:projectId/events/:eventId/</c>). Anything after them (a tab such as
/// <c>activity/</c>, the query string, the fragment) is ignored.
/// </summary>
public sealed class SentryEventUrl
{
    /// <summary>The forms accepted, for messages.</summary>
    public const string AcceptedForms =
        "https://ORG.sentry.io/issues/ISSUE/, https://SERVER/organizations/ORG/issues/ISSUE/, " +
        "either followed by events/EVENT/ (an event id, latest, oldest or recommended), " +
        "https://SERVER/organizations/ORG/projects/PROJECT/events/EVENT/ or https://SERVER/ORG/PROJECT/events/EVENT/";

    private SentryEventUrl(Uri url, string? organization, string? issueId, string? project, string? eventId)
    {
        Url = url;
        Organization = organization;
        IssueId = issueId;
        Project = project;
        EventId = eventId;
    }

    /// <summary>The URL as given.</summary>
    public Uri Url { get; }

    /// <summary>
    /// The organization slug from the path; <c>null</c> for a customer-domain URL (<c>https://acme.sentry.io/issues/1/</c>),
    /// where the organization is the first label of the host.
    /// </summary>
    public string? Organization { get; }

    /// <summary>The issue id, for an issue or issue-event URL; <c>null</c> for a project event.</summary>
    public string? IssueId { get; }

    /// <summary>The project slug, for a project event URL; <c>null</c> otherwise.</summary>
    public string? Project { get; }

    /// <summary>
    /// The event: an id, or <c>latest</c>, <c>oldest</c> or <c>recommended</c>; <c>null</c> for an issue URL
    /// without one (the issue page shows the recommended event).
    /// </summary>
    public string? EventId { get; }

    /// <summary>Reads a URL; <c>false</c> when it is not one of the <see cref="AcceptedForms"/>.</summary>
    /// <param name="text">The URL.</param>
    /// <param name="url">The ids it names.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SentryEventUrl? url)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text)
            || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Host.Length == 0)
        {
            return false;
        }

        string[] segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(Uri.UnescapeDataString)
            .ToArray();
        url = Read(uri, segments);
        return url is not null;
    }

    /// <summary>Reads a URL.</summary>
    /// <param name="text">The URL.</param>
    /// <exception cref="FormatException">It is not one of the <see cref="AcceptedForms"/>; the message lists them.</exception>
    public static SentryEventUrl Parse(string text) => TryParse(text, out SentryEventUrl? url)
        ? url
        : throw new FormatException($"'{text}' is not a Sentry issue or event URL. Accepted: {AcceptedForms}.");

    /// <summary>The URL.</summary>
    public override string ToString() => Url.ToString();

    private static SentryEventUrl? Read(Uri uri, string[] s)
    {
        string? organization = null;
        int at = 0;
        if (s.Length >= 2 && Is(s[0], "organizations"))
        {
            organization = s[1];
            at = 2;
        }

        // .../issues/ISSUE/[events/EVENT/][tab/]
        if (s.Length >= at + 2 && Is(s[at], "issues") && IsId(s[at + 1]))
        {
            string? eventId = s.Length >= at + 4 && Is(s[at + 2], "events") && IsId(s[at + 3]) ? s[at + 3] : null;
            return IsSlug(organization) ? new SentryEventUrl(uri, organization, s[at + 1], null, eventId) : null;
        }

        // .../projects/PROJECT/events/EVENT/
        if (s.Length >= at + 4 && Is(s[at], "projects") && Is(s[at + 2], "events") && IsSlug(s[at + 1]) && IsId(s[at + 3]))
        {
            return IsSlug(organization) ? new SentryEventUrl(uri, organization, null, s[at + 1], s[at + 3]) : null;
        }

        // The older /ORG/PROJECT/events/EVENT/, which Sentry redirects to the event's issue.
        if (organization is null && s.Length == 4 && Is(s[2], "events") && IsSlug(s[0]) && IsSlug(s[1]) && IsId(s[3])
            && !Is(s[0], "issues") && !Is(s[0], "projects") && !Is(s[0], "settings"))
        {
            return new SentryEventUrl(uri, s[0], null, s[1], s[3]);
        }

        return null;
    }

    private static bool Is(string segment, string word) => segment.Equals(word, StringComparison.OrdinalIgnoreCase);

    // Slugs and ids are letters, digits, '-' and '_' (organization and project slugs, numeric issue ids, hex event ids).
    private static bool IsId(string segment) =>
        segment.Length is > 0 and <= 128 && segment.AsSpan().IndexOfAnyExcept(IdCharacters) < 0;

    private static bool IsSlug(string? segment) => segment is null || IsId(segment);

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
}
