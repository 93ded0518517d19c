namespace EventAi.Tests.Sentry;

/// <summary>The browser URLs <see cref="SentryEventUrl"/> reads, and those it refuses.</summary>
public sealed class SentryEventUrlTests
{
    [TestCase("https://acme.sentry.io/issues/123/", null, "123", null, null)]
    [TestCase("https://acme.sentry.io/issues/123/events/abc123/", null, "123", null, "abc123")]
    [TestCase("https://sentry.example.com/organizations/acme/issues/123/", "acme", "123", null, null)]
    [TestCase("https://sentry.example.com/organizations/acme/issues/123/events/abc123/", "acme", "123", null, "abc123")]
    [TestCase("https://sentry.example.com/organizations/acme/issues/123/events/latest/", "acme", "123", null, "latest")]
    [TestCase("https://sentry.example.com/organizations/acme/issues/123/events/recommended/?project=4&referrer=issue-stream", "acme", "123", null, "recommended")]
    [TestCase("https://acme.sentry.io/issues/123/activity/", null, "123", null, null)]
    [TestCase("https://acme.sentry.io/issues/123/events/", null, "123", null, null)]
    [TestCase("https://acme.sentry.io/issues/123/events/abc123/tags/#frame-1", null, "123", null, "abc123")]
    [TestCase("https://sentry.example.com/organizations/acme/projects/backend/events/abc123/", "acme", null, "backend", "abc123")]
    [TestCase("https://acme.sentry.io/projects/backend/events/abc123/", null, null, "backend", "abc123")]
    [TestCase("http://sentry.internal:9000/acme/backend/events/abc123/", "acme", null, "backend", "abc123")]
    [TestCase("  https://SENTRY.example.com/Organizations/acme/Issues/123  ", "acme", "123", null, null)]
    public void Reads_the_ids_of_a_browser_url(string text, string? organization, string? issueId, string? project, string? eventId)
    {
        Assert.That(SentryEventUrl.TryParse(text, out SentryEventUrl? url), Is.True);
        Assert.That(url!.Organization, Is.EqualTo(organization));
        Assert.That(url.IssueId, Is.EqualTo(issueId));
        Assert.That(url.Project, Is.EqualTo(project));
        Assert.That(url.EventId, Is.EqualTo(eventId));
    }

    [TestCase("")]
    [TestCase("not a url")]
    [TestCase("ftp://acme.sentry.io/issues/123/")]
    [TestCase("https://acme.sentry.io/")]
    [TestCase("https://acme.sentry.io/issues/")]
    [TestCase("https://acme.sentry.io/discover/results/")]
    [TestCase("https://sentry.example.com/organizations/acme/")]
    [TestCase("https://sentry.example.com/organizations/acme/issues/..%2F..%2Fusers/")]
    [TestCase("https://sentry.example.com/organizations/a%2Fb/issues/123/")]
    [TestCase("https://sentry.example.com/settings/acme/events/abc/")]
    [TestCase("/organizations/acme/issues/123/")]
    public void Refuses_what_is_not_an_issue_or_event_page(string text)
    {
        Assert.That(SentryEventUrl.TryParse(text, out _), Is.False);
        FormatException e = Assert.Throws<FormatException>(() => SentryEventUrl.Parse(text))!;
        Assert.That(e.Message, Does.Contain("/organizations/ORG/issues/ISSUE/").And.Contain("ORG.sentry.io/issues/ISSUE/"));
    }
}
