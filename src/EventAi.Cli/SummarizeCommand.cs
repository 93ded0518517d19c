using System.CommandLine;
using System.Globalization;
using System.Text;

namespace EventAi.Cli;

/// <summary><c>eventai summarize</c>: prints a structured summary of an event, as a readable block or as JSON.</summary>
internal static class SummarizeCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new ModelCommandInput();
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object (snake_case keys) instead of a readable block." };

        var command = new Command("summarize", $"Print a structured summary of an event: headline, what is wrong, the trace, the likely cause and the next step. {EventAiCli.EnvironmentHelp}");
        input.AddTo(command);
        command.Options.Add(json);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            (SuggestionClient? client, EventDescription? description, int exitCode) = await input.OpenAsync(
                parseResult, console, static _ => { }, cancellationToken).ConfigureAwait(false);
            if (client is null || description is null)
            {
                return exitCode;
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
