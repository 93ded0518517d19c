using Microsoft.AspNetCore.Http;

namespace EventAi.AspNetCore;

/// <summary>Where <see cref="SentryEventSource"/> finds the Sentry organization and project of a request.</summary>
public sealed class SentryEventSourceOptions
{
    /// <summary>The Sentry organization's slug; default the <c>organization</c> route value.</summary>
    public Func<HttpContext, string?> Organization { get; set; } = static context => RouteValue(context, "organization");

    /// <summary>The Sentry project's slug; default the <c>project</c> route value.</summary>
    public Func<HttpContext, string?> Project { get; set; } = static context => RouteValue(context, "project");

    /// <summary>Which event of an issue a look-up by issue id returns. Default <see cref="SentryIssueEvent.Recommended"/>, the one the issue page shows.</summary>
    public SentryIssueEvent IssueEvent { get; set; } = SentryIssueEvent.Recommended;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Organization, $"{nameof(SentryEventSourceOptions)}.{nameof(Organization)}");
        ArgumentNullException.ThrowIfNull(Project, $"{nameof(SentryEventSourceOptions)}.{nameof(Project)}");
        if (!Enum.IsDefined(IssueEvent))
        {
            throw new ArgumentOutOfRangeException(
                nameof(IssueEvent), IssueEvent, $"{nameof(SentryEventSourceOptions)}.{nameof(IssueEvent)} must be Recommended, Latest or Oldest.");
        }
    }

    private static string? RouteValue(HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out object? value) ? value?.ToString() : null;
}
