using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace EventAi.Cli;

/// <summary>The <c>eventai</c> command line: parses arguments, runs a command, returns the exit code.</summary>
internal static class EventAiCli
{
    internal const string EnvironmentHelp =
        "Environment: OPENAI_API_KEY (with optional OPENAI_BASE_URL for any OpenAI-compatible server), " +
        "or AZURE_OPENAI_ENDPOINT with AZURE_OPENAI_API_KEY (Azure OpenAI; the deployment is the model name). " +
        "With --sentry: SENTRY_AUTH_TOKEN (a token with event:read) and, for a self-hosted server, SENTRY_URL. " +
        "Exit codes: 0 success, 1 bad input, 2 usage error, 3 model service failed, 4 Sentry request failed, 130 cancelled.";

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        // A plain command named for the tool, so usage reads "eventai" whatever the assembly is called.
        var root = new Command("eventai", $"Explain an error event and suggest a fix with a language model. {EnvironmentHelp}")
        {
            new HelpOption(),
            new VersionOption(),
        };
        foreach (Func<CliConsole, Command> create in CommandsFor(args))
        {
            root.Add(create(console));
        }

        ParseResult parseResult = root.Parse(args);
        using var output = new StreamWriter(console.Output, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
        if (parseResult.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parseResult.Errors)
            {
                await console.Error.WriteLineAsync($"eventai: {error.Message}").ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("Run 'eventai --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            // Ctrl+C is handled by the caller's token (see Program.cs), and failures by the commands themselves.
            var invocation = new InvocationConfiguration
            {
                Output = output,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
    }

    // Only the command named first is built (and so loaded and compiled): after it, its siblings are no valid
    // token anyway. Anything else (no command, --help, a typo) gets them all, for the help and the suggestions.
    private static Func<CliConsole, Command>[] CommandsFor(string[] args) => args is [var first, ..] ? first switch
    {
        "describe" => [DescribeCommand.Create],
        "suggest" => [SuggestCommand.Create],
        "summarize" => [SummarizeCommand.Create],
        "mcp" => [McpCommand.Create],
        _ => AllCommands,
    }
    : AllCommands;

    private static Func<CliConsole, Command>[] AllCommands => [DescribeCommand.Create, SuggestCommand.Create, SummarizeCommand.Create, McpCommand.Create];
}
