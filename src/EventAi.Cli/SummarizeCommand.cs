using System.CommandLine;
using System.Globalization;
using System.Text;

namespace EventAi.Cli;

/// <summary><c>eventai summarize</c>: prints a structured summary of an event, as a readable block or as JSON.</summary>
internal static class SummarizeCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string> file = CommonOptions.FileArgument();
        Option<string?> sentry = SentryInput.Option();
        Option<string?> model = CommonOptions.Model($"The model, or the Azure deployment when --deployment is not given. Default {ModelService.DefaultModel}.");
        var endpoint = new Option<string?>("--endpoint")
        {
            Description = $"The service URL: an OpenAI-compatible base URL (instead of {ModelCredentials.OpenAiBaseUrl}) or the Azure OpenAI endpoint (instead of {ModelCredentials.AzureEndpoint}).",
        };
        var deployment = new Option<string?>("--deployment") { Description = "The Azure OpenAI deployment; default the model name." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object (snake_case keys) instead of a readable block." };
        Option<bool> noScrub = CommonOptions.NoScrub();
        Option<int?> maxTokens = CommonOptions.MaxTokens();

        var command = new Command("summarize", $"Print a structured summary of an event: headline, what is wrong, the trace, the likely cause and the next step. {EventAiCli.EnvironmentHelp}")
        {
            file, sentry, model, endpoint, deployment, json, noScrub, maxTokens,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string modelName = parseResult.GetValue(model) ?? ModelService.DefaultModel;
            (ModelServiceOptions? service, string? credentialsError) = ModelCredentials.FromEnvironment(
                console.Environment, parseResult.GetValue(endpoint), parseResult.GetValue(deployment));
            if (service is null)
            {
                await console.Error.WriteLineAsync($"eventai: {credentialsError}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            EventRead read = await SentryInput.ReadAsync(parseResult, file, sentry, console, cancellationToken).ConfigureAwait(false);
            if (read.Json is not { } input)
            {
                return read.ExitCode;
            }

            string path = read.DisplayName;

            var options = new SuggestionOptions
            {
                Describe = new DescribeOptions
                {
                    Scrub = new ScrubOptions { Enabled = !parseResult.GetValue(noScrub) },
                    MaxTokens = parseResult.GetValue(maxTokens),
                    SourceRoots = EventInputDescriber.SourceRoots,
                },
            };
            var client = new SuggestionClient(ModelService.CreateChatClient(service, modelName), options);
            EventDescription? description = await EventInputDescriber.TryDescribeAsync(client.Describer, input, path, console).ConfigureAwait(false);
            if (description is null)
            {
                return ExitCodes.BadInput;
            }

            IssueSummary summary;
            try
            {
                summary = await client.SummarizeAsync(description, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelServiceException e)
            {
                await console.Error.WriteLineAsync($"eventai: model service failed: {ServiceFailureMessage.For(e)}").ConfigureAwait(false);
                return ExitCodes.ServiceFailed;
            }

            string text = parseResult.GetValue(json) ? IssueSummaryJson.Serialize(summary) + "\n" : Readable(summary);
            await console.Output.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
            await console.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        return command;
    }

    private static string Readable(IssueSummary summary) => new StringBuilder()
        .Append(summary.Headline).Append('\n')
        .Append('=', Math.Min(summary.Headline.Length, 80)).Append("\n\n")
        .Append("What's wrong:   ").Append(summary.WhatsWrong).Append('\n')
        .Append("Trace:          ").Append(summary.Trace).Append('\n')
        .Append("Possible cause: ").Append(summary.PossibleCause)
        .Append(CultureInfo.InvariantCulture, $" (confidence {summary.Confidence:0%})").Append('\n')
        .Append("Next step:      ").Append(summary.NextStep).Append('\n')
        .ToString();
}
