using System.CommandLine;

namespace EventAi.Cli;

/// <summary>
/// <c>--sentry URL</c>: reads the event from a Sentry server instead of a file, with the token from
/// <c>SENTRY_AUTH_TOKEN</c> and the server from <c>SENTRY_URL</c> (default sentry.io), as sentry-cli does.
/// </summary>
internal static class SentryInput
{
    public const string TokenVariable = "SENTRY_AUTH_TOKEN";
    public const string ServerVariable = "SENTRY_URL";

    public static Option<string?> Option() => new("--sentry")
    {
        HelpName = "URL",
        Description = $"Read the event from Sentry instead of FILE: an issue or event page as copied from the browser ({SentryEventUrl.AcceptedForms}). " +
            $"An issue page means its recommended event. Needs {TokenVariable} (a token with event:read); {ServerVariable} names a self-hosted server (default https://sentry.io/).",
    };

    /// <summary>The event from <c>--sentry</c> when given, else from FILE; on failure the message is written and the exit code returned.</summary>
    public static Task<EventRead> ReadAsync(
        ParseResult parseResult, Argument<string> file, Option<string?> sentry, CliConsole console, CancellationToken cancellationToken) =>
        ReadAsync(parseResult.GetResult(file) is { Tokens.Count: > 0 } ? parseResult.GetValue(file) : null, parseResult.GetValue(sentry), console, cancellationToken);

    /// <summary>The event from <paramref name="url"/> when given, else from <paramref name="path"/> (null: not given, standard input).</summary>
    public static async Task<EventRead> ReadAsync(string? path, string? url, CliConsole console, CancellationToken cancellationToken)
    {
        if (url is null)
        {
            path ??= EventInput.StandardInput;
            byte[]? json = await EventInput.ReadAsync(path, console, cancellationToken).ConfigureAwait(false);
            return new EventRead(json, EventInput.DisplayName(path), json is null ? ExitCodes.BadInput : ExitCodes.Success);
        }

        if (path is not null)
        {
            return await FailAsync(console, ExitCodes.Usage, "give either FILE or --sentry URL, not both.").ConfigureAwait(false);
        }

        if (!SentryEventUrl.TryParse(url, out SentryEventUrl? page))
        {
            return await FailAsync(console, ExitCodes.Usage, $"--sentry: '{url}' is not a Sentry issue or event URL. Accepted: {SentryEventUrl.AcceptedForms}.").ConfigureAwait(false);
        }

        (SentryApiOptions? options, string? error) = OptionsFromEnvironment(console.Environment);
        if (options is null)
        {
            return await FailAsync(console, ExitCodes.Usage, error!).ConfigureAwait(false);
        }

        return await FetchAsync(page, options, console, cancellationToken).ConfigureAwait(false);
    }

    // Apart from ReadAsync, so reading a file never loads the HTTP client's assemblies (logging among them).
    private static async Task<EventRead> FetchAsync(SentryEventUrl page, SentryApiOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            SentryEvent found = await new SentryApiClient(http, options).GetEventAsync(page, cancellationToken).ConfigureAwait(false);
            return new EventRead(found.Json.ToArray(), page.ToString(), ExitCodes.Success);
        }
        catch (ArgumentException e)
        {
            return await FailAsync(console, ExitCodes.Usage, $"--sentry: {e.Message}").ConfigureAwait(false);
        }
        catch (SentryApiException e)
        {
            return await FailAsync(console, ExitCodes.SentryFailed, $"sentry: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>The Sentry server and token from the environment, or a message naming what to set.</summary>
    public static (SentryApiOptions? Options, string? Error) OptionsFromEnvironment(Func<string, string?> environment)
    {
        string? token = environment(TokenVariable)?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            return (null, $"reading events from Sentry needs {TokenVariable}: a Sentry auth token with the event:read scope.");
        }

        var options = new SentryApiOptions { AuthToken = token };
        if (environment(ServerVariable)?.Trim() is { Length: > 0 } server)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out Uri? baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
            {
                return (null, $"{ServerVariable} is not an absolute http or https URL (such as https://sentry.example.com/).");
            }

            options.BaseUrl = baseUrl;
        }

        try
        {
            options.Validate();
            return (options, null);
        }
        catch (ArgumentException e)
        {
            return (null, $"{TokenVariable}: {e.Message}");
        }
    }

    private static async Task<EventRead> FailAsync(CliConsole console, int exitCode, string message)
    {
        await console.Error.WriteLineAsync($"eventai: {message}").ConfigureAwait(false);
        return new EventRead(null, "", exitCode);
    }
}

/// <summary>The event's bytes (null on failure), the name to show in messages, and the exit code on failure.</summary>
internal readonly record struct EventRead(byte[]? Json, string DisplayName, int ExitCode);
