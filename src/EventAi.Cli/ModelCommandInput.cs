using System.CommandLine;

namespace EventAi.Cli;

/// <summary>
/// What the commands that call the model service share: the event (a file, standard input or a Sentry
/// URL), the model and service options, and the describe options; and the steps from the command line to
/// a client and a description, each failure reported on standard error with its exit code.
/// </summary>
internal sealed class ModelCommandInput
{
    private readonly Argument<string> _file = CommonOptions.FileArgument();
    private readonly Option<string?> _sentry = SentryInput.Option();
    private readonly Option<string?> _model = CommonOptions.Model($"The model, or the Azure deployment when --deployment is not given. Default {ModelService.DefaultModel}.");
    private readonly Option<string?> _endpoint = new("--endpoint")
    {
        Description = $"The service URL: an OpenAI-compatible base URL (instead of {ModelCredentials.OpenAiBaseUrl}) or the Azure OpenAI endpoint (instead of {ModelCredentials.AzureEndpoint}).",
    };

    private readonly Option<string?> _deployment = new("--deployment") { Description = "The Azure OpenAI deployment; default the model name." };
    private readonly Option<bool> _noScrub = CommonOptions.NoScrub();
    private readonly Option<int?> _maxTokens = CommonOptions.MaxTokens();

    /// <summary>Adds the argument and the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(_file);
        foreach (Option option in new Option[] { _sentry, _model, _endpoint, _deployment, _noScrub, _maxTokens })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The client and the event's description, or the exit code after saying on standard error what is
    /// wrong: no credentials (usage), an unreadable event or Sentry failure, an event that cannot be described.
    /// </summary>
    /// <param name="parseResult">The command line.</param>
    /// <param name="console">Where errors go.</param>
    /// <param name="configure">Sets the command's own suggestion options (tone...).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public async Task<(SuggestionClient? Client, EventDescription? Description, int ExitCode)> OpenAsync(
        ParseResult parseResult, CliConsole console, Action<SuggestionOptions> configure, CancellationToken cancellationToken)
    {
        string model = parseResult.GetValue(_model) ?? ModelService.DefaultModel;
        (ModelServiceOptions? service, string? credentialsError) = ModelCredentials.FromEnvironment(
            console.Environment, parseResult.GetValue(_endpoint), parseResult.GetValue(_deployment));
        if (service is null)
        {
            await console.Error.WriteLineAsync($"eventai: {credentialsError}").ConfigureAwait(false);
            return (null, null, ExitCodes.Usage);
        }

        EventRead read = await SentryInput.ReadAsync(parseResult, _file, _sentry, console, cancellationToken).ConfigureAwait(false);
        if (read.Json is not { } json)
        {
            return (null, null, read.ExitCode);
        }

        var options = new SuggestionOptions
        {
            Model = model,
            Describe = new DescribeOptions
            {
                Scrub = new ScrubOptions { Enabled = !parseResult.GetValue(_noScrub) },
                MaxTokens = parseResult.GetValue(_maxTokens),
                SourceRoots = EventInputDescriber.SourceRoots,
            },
        };
        configure(options);
        var client = new SuggestionClient(ModelService.CreateChatClient(service, model), options);
        EventDescription? description = await EventInputDescriber.TryDescribeAsync(client.Describer, json, read.DisplayName, console).ConfigureAwait(false);
        return description is null ? (null, null, ExitCodes.BadInput) : (client, description, ExitCodes.Success);
    }
}
