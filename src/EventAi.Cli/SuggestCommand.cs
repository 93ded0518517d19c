using System.CommandLine;
using System.Text;

namespace EventAi.Cli;

/// <summary><c>eventai suggest</c>: streams the model's explanation and fix for an event to standard output.</summary>
internal static class SuggestCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string> file = CommonOptions.FileArgument();
        Option<string?> sentry = SentryInput.Option();
        Option<string?> model = CommonOptions.Model($"The model, or the Azure deployment when --deployment is not given. Default {ModelService.DefaultModel}.");
        var tone = new Option<string>("--tone")
        {
            Description = "The voice of the answer.",
            DefaultValueFactory = _ => "playful",
        };
        tone.AcceptOnlyFromAmong("playful", "professional");
        var endpoint = new Option<string?>("--endpoint")
        {
            Description = $"The service URL: an OpenAI-compatible base URL (instead of {ModelCredentials.OpenAiBaseUrl}) or the Azure OpenAI endpoint (instead of {ModelCredentials.AzureEndpoint}).",
        };
        var deployment = new Option<string?>("--deployment") { Description = "The Azure OpenAI deployment; default the model name." };
        Option<bool> noScrub = CommonOptions.NoScrub();
        Option<int?> maxTokens = CommonOptions.MaxTokens();

        var command = new Command("suggest", $"Stream an explanation and a suggested fix for an event from the model service. {EventAiCli.EnvironmentHelp}")
        {
            file, sentry, model, tone, endpoint, deployment, noScrub, maxTokens,
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
            if (read.Json is not { } json)
            {
                return read.ExitCode;
            }

            string path = read.DisplayName;

            var options = new SuggestionOptions
            {
                Model = modelName,
                Tone = parseResult.GetValue(tone) == "professional" ? PromptTone.Professional : PromptTone.Playful,
                Describe = new DescribeOptions
                {
                    Scrub = new ScrubOptions { Enabled = !parseResult.GetValue(noScrub) },
                    MaxTokens = parseResult.GetValue(maxTokens),
                    SourceRoots = EventInputDescriber.SourceRoots,
                },
            };
            var client = new SuggestionClient(ModelService.CreateChatClient(service, modelName), options);
            return await StreamAsync(client, json, path, console, cancellationToken).ConfigureAwait(false);
        });

        return command;
    }

    private static async Task<int> StreamAsync(SuggestionClient client, byte[] json, string path, CliConsole console, CancellationToken cancellationToken)
    {
        EventDescription? description = await EventInputDescriber.TryDescribeAsync(client.Describer, json, path, console).ConfigureAwait(false);
        if (description is null)
        {
            return ExitCodes.BadInput;
        }

        bool endsWithNewLine = true;
        try
        {
            await foreach (string chunk in client.StreamAsync(description, cancellationToken).ConfigureAwait(false))
            {
                await console.Output.WriteAsync(Encoding.UTF8.GetBytes(chunk), cancellationToken).ConfigureAwait(false);
                await console.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                endsWithNewLine = chunk.EndsWith('\n');
            }
        }
        catch (ModelServiceException e)
        {
            await console.Error.WriteLineAsync($"eventai: model service failed: {ServiceFailureMessage.For(e)}").ConfigureAwait(false);
            return ExitCodes.ServiceFailed;
        }

        if (!endsWithNewLine)
        {
            await console.Output.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        await console.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
