using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.AspNetCore;

/// <summary>
/// Events straight from a Sentry server for the endpoint: the route's event id is looked up in the route's
/// organization and project (<see cref="SentryEventSourceOptions"/>) with the <see cref="SentryApiClient"/>
/// that <c>AddEventAi(...).AddSentry(...)</c> registered. The event's issue id is its group key, so every
/// event of one issue shares one cached answer. The event's JSON is passed on exactly as the API sent it.
/// </summary>
public sealed class SentryEventSource : IEventSource
{
    private readonly SentryEventSourceOptions _options;

    /// <summary>Creates the source.</summary>
    /// <param name="options">Where the organization and project come from.</param>
    public SentryEventSource(SentryEventSourceOptions? options = null)
    {
        _options = options ?? new SentryEventSourceOptions();
        _options.Validate();
    }

    /// <summary>
    /// The event from <c>GET /api/0/projects/{organization}/{project}/events/{eventId}/</c>; <c>null</c> when Sentry
    /// has none (404) or the request names no organization or project.
    /// </summary>
    /// <param name="context">The request, whose route gives the organization and project.</param>
    /// <param name="eventId">The event id.</param>
    /// <param name="cancellationToken">Stops the look-up.</param>
    /// <exception cref="SentryApiException">Any other failure: a bad token (401/403), a rate limit, an unreachable server.</exception>
    public async ValueTask<StoredEvent?> FindAsync(HttpContext context, string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? organization = _options.Organization(context);
        string? project = _options.Project(context);
        if (string.IsNullOrEmpty(organization) || string.IsNullOrEmpty(project) || string.IsNullOrEmpty(eventId))
        {
            return null;
        }

        SentryApiClient client = context.RequestServices.GetRequiredService<SentryApiClient>();
        return await FindAsync(() => client.GetProjectEventAsync(organization, project, eventId, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// The event of an issue that Sentry shows first (<see cref="SentryEventSourceOptions.IssueEvent"/>), for
    /// look-ups by group key: <c>GET /api/0/organizations/{organization}/issues/{issueId}/events/recommended/</c>;
    /// <c>null</c> when Sentry has no such issue.
    /// </summary>
    /// <param name="context">The request, whose route gives the organization.</param>
    /// <param name="issueId">The issue id (the group key).</param>
    /// <param name="cancellationToken">Stops the look-up.</param>
    /// <exception cref="SentryApiException">Any other failure: a bad token (401/403), a rate limit, an unreachable server.</exception>
    public async ValueTask<StoredEvent?> FindIssueEventAsync(HttpContext context, string issueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? organization = _options.Organization(context);
        if (string.IsNullOrEmpty(organization) || string.IsNullOrEmpty(issueId))
        {
            return null;
        }

        SentryApiClient client = context.RequestServices.GetRequiredService<SentryApiClient>();
        return await FindAsync(() => client.GetIssueEventAsync(organization, issueId, _options.IssueEvent, cancellationToken)).ConfigureAwait(false);
    }

    private static async ValueTask<StoredEvent?> FindAsync(Func<Task<SentryEvent>> lookUp)
    {
        try
        {
            SentryEvent found = await lookUp().ConfigureAwait(false);
            return new StoredEvent(found.Json, found.IssueId);
        }
        catch (SentryApiException e) when (e.Failure == SentryApiFailure.NotFound)
        {
            return null;
        }
    }
}
