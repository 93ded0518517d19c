using System.CommandLine;
using System.Text;

namespace EventAi.Cli;

/// <summary><c>eventai suggest</c>: streams the model's explanation and fix for an event to standard output.</summary>
internal static class SuggestCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new ModelCommandInput();
        var tone = new Option<string>("--tone")
        {
            Description = "The voice of the answer.",
            DefaultValueFactory = _ => "playful",
        };
        tone.AcceptOnlyFromAmong("playful", "professional");

        var command = new Command("suggest", $"Stream an explanation and a suggested fix for an event from the model service. {EventAiCli.EnvironmentHelp}");
        input.AddTo(command);
        command.Options.Add(tone);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            PromptTone voice = parseResult.GetValue(tone) == "professional" ? PromptTone.Professional : PromptTone.Playful;
            (SuggestionClient? client, EventDescription? description, int exitCode) = await input.OpenAsync(
                parseResult, console, options => options.Tone = voice, cancellationToken).ConfigureAwait(false);
            return client is null || description is null ? exitCode : await StreamAsync(client, description, console, cancellationToken).ConfigureAwait(false);
        });

        return command;
    }

    private static async Task<int> StreamAsync(SuggestionClient client, EventDescription description, CliConsole console, CancellationToken cancellationToken)
    {
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
