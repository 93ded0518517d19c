using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventAi.Tests.Sentry;

/// <summary>
/// A local stand-in for Sentry's REST API on 127.0.0.1 with a free port: the issue-event and project-event
/// endpoints, Bearer authentication, and scripted failures. Serves events in the API shape.
/// </summary>
internal sealed class FakeSentryServer : IAsyncDisposable
{
    public const string Token = "sntrys_fake-token-7c1d9e-do-not-leak";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string Org, string Issue), IssueEvents> _issues = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly ConcurrentQueue<(string Path, string? Authorization)> _requests = new();

    private FakeSentryServer(WebApplication app) => _app = app;

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request: its path and Authorization header.</summary>
    public IReadOnlyList<(string Path, string? Authorization)> Requests => [.. _requests];

    public static async Task<FakeSentryServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new FakeSentryServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Adds an issue with its events, oldest first; <paramref name="recommended"/> is the index of the recommended one.</summary>
    public void AddIssue(string organization, string issueId, string project, IReadOnlyList<(string EventId, byte[] Json)> events, int recommended = 0) =>
        _issues[(organization, issueId)] = new IssueEvents(project, events, recommended);

    /// <summary>Answers the next request with a status and a JSON <c>{"detail": ...}</c> body.</summary>
    public void ReplyNext(int status, string detail, IDictionary<string, string>? headers = null) => _script.Enqueue(async context =>
    {
        foreach ((string name, string value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { detail });
    });

    /// <summary>Answers the next request with any body.</summary>
    public void ReplyNextRaw(int status, string contentType, string body) => _script.Enqueue(async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    });

    /// <summary>Holds the next request for a while before answering it normally.</summary>
    public void DelayNext(TimeSpan delay) => _script.Enqueue(async context =>
    {
        await Task.Delay(delay, context.RequestAborted);
        await AnswerAsync(context);
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        _requests.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers.Authorization.FirstOrDefault()));
        if (_script.TryDequeue(out Func<HttpContext, Task>? scripted))
        {
            await scripted(context);
            return;
        }

        await AnswerAsync(context);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization.FirstOrDefault();
        if (authorization is null)
        {
            await Detail(context, 401, "Authentication credentials were not provided.");
            return;
        }

        if (authorization != "Bearer " + Token)
        {
            await Detail(context, 401, "Invalid token");
            return;
        }

        string[] s = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        byte[]? found = s switch
        {
            ["api", "0", "organizations", var org, "issues", var issue, "events", var which] => IssueEvent(org, issue, which),
            ["api", "0", "projects", var org, var project, "events", var eventId] => ProjectEvent(org, project, eventId),
            _ => null,
        };
        if (found is null)
        {
            await Detail(context, 404, "The requested resource does not exist");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(found);
    }

    private byte[]? IssueEvent(string org, string issue, string which)
    {
        if (!_issues.TryGetValue((org, issue), out IssueEvents? events))
        {
            return null;
        }

        return which switch
        {
            "latest" => events.Events[^1].Json,
            "oldest" => events.Events[0].Json,
            "recommended" => events.Events[events.Recommended].Json,
            _ => events.Events.FirstOrDefault(e => e.EventId == which).Json,
        };
    }

    private byte[]? ProjectEvent(string org, string project, string eventId) => _issues
        .Where(issue => issue.Key.Org == org && issue.Value.Project == project)
        .SelectMany(issue => issue.Value.Events)
        .FirstOrDefault(e => e.EventId == eventId).Json;

    private static async Task Detail(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($$"""{"detail":"{{detail}}"}"""));
    }

    private sealed record IssueEvents(string Project, IReadOnlyList<(string EventId, byte[] Json)> Events, int Recommended);
}
