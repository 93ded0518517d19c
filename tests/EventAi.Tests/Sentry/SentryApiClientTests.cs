using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EventAi.Tests.Sentry;

/// <summary><see cref="SentryApiClient"/> against a local fake of Sentry's REST API.</summary>
public sealed class SentryApiClientTests
{
    private FakeSentryServer _sentry = null!;
    private HttpClient _http = null!;
    private FakeLogger<SentryApiClient> _logger = null!;

    [SetUp]
    public async Task Start()
    {
        _sentry = await SentryCorpus.StartAsync();
        _http = new HttpClient();
        _logger = new FakeLogger<SentryApiClient>();
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _sentry.DisposeAsync();
    }

    private SentryApiClient Client(string token = FakeSentryServer.Token, Uri? baseUrl = null, TimeSpan? timeout = null, int? maxResponseBytes = null) => new(
        _http,
        new SentryApiOptions
        {
            BaseUrl = baseUrl ?? _sentry.BaseUrl,
            AuthToken = token,
            Timeout = timeout ?? SentryApiOptions.DefaultTimeout,
            MaxResponseBytes = maxResponseBytes ?? SentryApiOptions.DefaultMaxResponseBytes,
        },
        _logger);

    private string Server => _sentry.BaseUrl.ToString().TrimEnd('/');

    [TestCase(SentryIssueEvent.Latest, "latest", SentryCorpus.LatestId)]
    [TestCase(SentryIssueEvent.Recommended, "recommended", SentryCorpus.RecommendedId)]
    [TestCase(SentryIssueEvent.Oldest, "oldest", SentryCorpus.OldestId)]
    public async Task An_issue_event_comes_back_byte_for_byte_with_its_ids(SentryIssueEvent which, string name, string eventId)
    {
        SentryEvent found = await Client().GetIssueEventAsync("acme", "123", which);

        byte[] served = SentryCorpus.Events().Single(e => e.EventId == eventId).Json;
        Assert.That(found.Json.ToArray(), Is.EqualTo(served));
        Assert.That((found.EventId, found.IssueId, found.ProjectId), Is.EqualTo((eventId, "123", "42")));
        Assert.That(_sentry.Requests.Single(), Is.EqualTo(($"/api/0/organizations/acme/issues/123/events/{name}/", "Bearer " + FakeSentryServer.Token)));
    }

    [Test]
    public async Task A_project_event_comes_from_the_project_endpoint()
    {
        SentryEvent found = await Client().GetProjectEventAsync("acme", "backend", SentryCorpus.OldestId);

        Assert.That(found.IssueId, Is.EqualTo("123"));
        Assert.That(SentryCorpus.Text(found.Json), Does.Contain("\"entries\":[").And.Contain("\"lineNo\""));
        Assert.That(_sentry.Requests.Single().Path, Is.EqualTo($"/api/0/projects/acme/backend/events/{SentryCorpus.OldestId}/"));
    }

    [TestCase("/organizations/acme/issues/123/", SentryCorpus.RecommendedId, "/api/0/organizations/acme/issues/123/events/recommended/")]
    [TestCase("/organizations/acme/issues/123/activity/?project=42&referrer=issue-stream", SentryCorpus.RecommendedId, "/api/0/organizations/acme/issues/123/events/recommended/")]
    [TestCase("/organizations/acme/issues/123/events/latest/", SentryCorpus.LatestId, "/api/0/organizations/acme/issues/123/events/latest/")]
    [TestCase("/organizations/acme/issues/123/events/oldest/", SentryCorpus.OldestId, "/api/0/organizations/acme/issues/123/events/oldest/")]
    [TestCase("/organizations/acme/issues/123/events/" + SentryCorpus.LatestId + "/", SentryCorpus.LatestId, "/api/0/organizations/acme/issues/123/events/" + SentryCorpus.LatestId + "/")]
    [TestCase("/organizations/acme/projects/backend/events/" + SentryCorpus.OldestId + "/", SentryCorpus.OldestId, "/api/0/projects/acme/backend/events/" + SentryCorpus.OldestId + "/")]
    [TestCase("/acme/backend/events/" + SentryCorpus.OldestId + "/", SentryCorpus.OldestId, "/api/0/projects/acme/backend/events/" + SentryCorpus.OldestId + "/")]
    public async Task A_browser_url_on_the_server_fetches_the_event_it_shows(string path, string eventId, string apiPath)
    {
        SentryEvent found = await Client().GetEventAsync(SentryEventUrl.Parse(Server + path));

        Assert.That(found.EventId, Is.EqualTo(eventId));
        Assert.That(_sentry.Requests.Single().Path, Is.EqualTo(apiPath));
    }

    [TestCase("/issues/123/", "/api/0/organizations/acme/issues/123/events/recommended/")]
    [TestCase("/issues/123/events/latest/", "/api/0/organizations/acme/issues/123/events/latest/")]
    [TestCase("/projects/backend/events/" + SentryCorpus.OldestId + "/", "/api/0/projects/acme/backend/events/" + SentryCorpus.OldestId + "/")]
    public async Task A_customer_domain_url_takes_the_organization_from_the_subdomain(string path, string apiPath)
    {
        // acme.localhost stands for acme.sentry.io: the request goes to the configured server, never the URL's host.
        var server = new Uri($"http://localhost:{_sentry.BaseUrl.Port}/");

        SentryEvent found = await Client(baseUrl: server).GetEventAsync(SentryEventUrl.Parse($"http://acme.localhost:{_sentry.BaseUrl.Port}{path}"));

        Assert.That(found.IssueId, Is.EqualTo("123"));
        Assert.That(_sentry.Requests.Single().Path, Is.EqualTo(apiPath));
    }

    [Test]
    public void A_url_on_another_server_is_refused_before_the_token_is_sent_anywhere()
    {
        ArgumentException e = Assert.ThrowsAsync<ArgumentException>(() =>
            Client().GetEventAsync(SentryEventUrl.Parse("https://sentry.example.com/organizations/acme/issues/123/")))!;

        Assert.That(e.Message, Does.Contain("sentry.example.com").And.Contain("SENTRY_URL").And.Contain(_sentry.BaseUrl.ToString()));
        Assert.That(_sentry.Requests, Is.Empty);
    }

    [Test]
    public void A_url_without_organization_on_the_server_itself_is_refused()
    {
        ArgumentException e = Assert.ThrowsAsync<ArgumentException>(() => Client().GetEventAsync(SentryEventUrl.Parse(Server + "/issues/123/")))!;

        Assert.That(e.Message, Does.Contain("names no organization"));
        Assert.That(_sentry.Requests, Is.Empty);
    }

    [Test]
    public void A_wrong_token_is_unauthorized_and_never_shown()
    {
        const string wrong = "sntryu_wrong-token-4242";

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client(token: wrong).GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That((e.Failure, e.StatusCode), Is.EqualTo((SentryApiFailure.Unauthorized, 401)));
        Assert.That(e.Message, Does.Contain("401").And.Contain("event:read").And.Contain("Invalid token").And.Not.Contain(wrong));
        AssertTokenNowhere(wrong, e);
    }

    [Test]
    public void Forbidden_names_the_scope_the_request_needs()
    {
        _sentry.ReplyNext(403, "You do not have permission to perform this action.");

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client().GetProjectEventAsync("acme", "backend", SentryCorpus.OldestId))!;

        Assert.That((e.Failure, e.StatusCode), Is.EqualTo((SentryApiFailure.Forbidden, 403)));
        Assert.That(e.Message, Does.Contain("project:read").And.Contain("project 'backend'").And.Contain("You do not have permission"));
        AssertTokenNowhere(FakeSentryServer.Token, e);
    }

    [Test]
    public void An_unknown_issue_is_not_found()
    {
        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client().GetIssueEventAsync("acme", "999", SentryIssueEvent.Recommended))!;

        Assert.That((e.Failure, e.StatusCode), Is.EqualTo((SentryApiFailure.NotFound, 404)));
        Assert.That(e.Message, Does.Contain("recommended event of issue 999 in organization 'acme'"));
    }

    [Test]
    public void A_rate_limit_carries_retry_after()
    {
        _sentry.ReplyNext(429, "You are attempting to use this endpoint too frequently.", new Dictionary<string, string> { ["Retry-After"] = "30" });

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client().GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That((e.Failure, e.StatusCode, e.RetryAfter), Is.EqualTo((SentryApiFailure.RateLimited, 429, (TimeSpan?)TimeSpan.FromSeconds(30))));
        Assert.That(e.Message, Does.Contain("retry after 30 s"));
    }

    [Test]
    public void Without_retry_after_a_rate_limit_reads_sentrys_reset_header()
    {
        long reset = DateTimeOffset.UtcNow.AddSeconds(20).ToUnixTimeSeconds();
        _sentry.ReplyNext(429, "Too many requests", new Dictionary<string, string> { ["X-Sentry-Rate-Limit-Reset"] = reset.ToString(CultureInfo.InvariantCulture) });

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client().GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That(e.RetryAfter, Is.Not.Null.And.InRange(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(21)));
    }

    [Test]
    public void A_server_error_keeps_its_status()
    {
        _sentry.ReplyNext(500, "Internal Error");

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client().GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That((e.Failure, e.StatusCode), Is.EqualTo((SentryApiFailure.ServerError, 500)));
        Assert.That(e.Message, Does.Contain("500"));
    }

    [Test]
    public void An_html_page_is_not_taken_for_an_event()
    {
        _sentry.ReplyNextRaw(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Sign in</body></html>");

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client().GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That((e.Failure, e.StatusCode), Is.EqualTo((SentryApiFailure.InvalidResponse, 200)));
        Assert.That(e.Message, Does.Contain("text/html").And.Contain("/api/0/"));
    }

    [TestCase("{\"eventID\": \"abc\", \"entries\": [", "does not parse")]
    [TestCase("[1, 2]", "JSON array")]
    public void Json_that_is_not_an_event_object_is_an_invalid_answer(string body, string expected)
    {
        _sentry.ReplyNextRaw(200, "application/json", body);

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client().GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That(e.Failure, Is.EqualTo(SentryApiFailure.InvalidResponse));
        Assert.That(e.Message, Does.Contain(expected));
    }

    [Test]
    public void An_answer_over_the_size_cap_is_refused()
    {
        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client(maxResponseBytes: 1024).GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That(e.Failure, Is.EqualTo(SentryApiFailure.InvalidResponse));
        Assert.That(e.Message, Does.Contain("larger than 1024 bytes").And.Contain("MaxResponseBytes"));
    }

    [Test]
    [CancelAfter(20_000)]
    public void A_server_that_does_not_answer_in_time_is_a_timeout()
    {
        _sentry.DelayNext(TimeSpan.FromSeconds(10));

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() =>
            Client(timeout: TimeSpan.FromMilliseconds(300)).GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That(e.Failure, Is.EqualTo(SentryApiFailure.Timeout));
        Assert.That(e.Message, Does.Contain("did not answer within 0.3 s").And.Contain("Timeout"));
    }

    [Test]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        _sentry.DelayNext(TimeSpan.FromSeconds(10));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await Client().GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest, cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        await Task.CompletedTask;
    }

    [Test]
    public async Task An_unreachable_server_is_reported_with_its_address()
    {
        FakeSentryServer gone = await FakeSentryServer.StartAsync();
        Uri address = gone.BaseUrl;
        await gone.DisposeAsync();

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client(baseUrl: address).GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That(e.Failure, Is.EqualTo(SentryApiFailure.Unreachable));
        Assert.That(e.Message, Does.Contain(address.ToString()).And.Contain("could not be reached"));
        AssertTokenNowhere(FakeSentryServer.Token, e);
    }

    [Test]
    public void A_server_that_echoes_the_token_does_not_get_it_into_the_message()
    {
        _sentry.ReplyNext(400, $"Bad header: Bearer {FakeSentryServer.Token}");

        SentryApiException e = Assert.ThrowsAsync<SentryApiException>(() => Client().GetIssueEventAsync("acme", "123", SentryIssueEvent.Latest))!;

        Assert.That(e.Message, Does.Contain("Bad header: Bearer [token]"));
        AssertTokenNowhere(FakeSentryServer.Token, e);
    }

    [TestCase(null, "AuthToken is required")]
    [TestCase("", "AuthToken is required")]
    [TestCase("two words", "AuthToken must not contain spaces")]
    public void Options_without_a_usable_token_name_the_setting(string? token, string expected)
    {
        var options = new SentryApiOptions { AuthToken = token };

        ArgumentException e = Assert.Throws<ArgumentException>(options.Validate)!;

        Assert.That(e.Message, Does.Contain(expected).And.Contain("SentryApiOptions"));
    }

    [Test]
    public void Options_name_the_base_url_and_timeout_and_hide_the_token()
    {
        Assert.That(() => new SentryApiOptions { AuthToken = "t", BaseUrl = new Uri("file:///tmp/") }.Validate(),
            Throws.ArgumentException.With.Message.Contains("SentryApiOptions.BaseUrl"));
        Assert.That(() => new SentryApiOptions { AuthToken = "t", Timeout = TimeSpan.Zero }.Validate(),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("SentryApiOptions.Timeout"));
        Assert.That(new SentryApiOptions { AuthToken = FakeSentryServer.Token }.ToString(), Does.Not.Contain(FakeSentryServer.Token));
    }

    private void AssertTokenNowhere(string token, Exception e)
    {
        Assert.That(e.ToString(), Does.Not.Contain(token));
        Assert.That(_logger.Collector.GetSnapshot().Select(r => r.Message + r.Exception), Has.None.Contains(token));
        Assert.That(_logger.Collector.GetSnapshot(), Is.Not.Empty, "the request was logged");
    }
}
