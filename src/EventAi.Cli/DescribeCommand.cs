using System.CommandLine;

namespace EventAi.Cli;

/// <summary><c>eventai describe</c>: prints the description of an event, indented, to standard output.</summary>
internal static class DescribeCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string[]> files = CommonOptions.FilesArgument(
            "The event JSON file, or - for standard input (the default). Several files or a directory (its *.json files) " +
            "print one JSON line per file instead: {\"file\": ..., \"description\": {...}} or {\"file\": ..., \"error\": ...}; " +
            "the exit code is 1 when any file failed.");
        Option<string?> sentry = SentryInput.Option();
        Option<string?> model = CommonOptions.Model("The model the description is for; gpt-4*, gpt-5*, o1*, o3*, o4* get full source context on every frame.");
        Option<string?> detailed = DetailedOption();
        Option<int> maxFrames = CommonOptions.NonNegative("--max-frames", DescribeOptions.DefaultMaxFrames, "The most frames per stack trace.");
        Option<int> maxExceptions = CommonOptions.NonNegative("--max-exceptions", DescribeOptions.DefaultMaxExceptions, "The most exceptions of the chain, newest first.");

        Option<bool> noScrub = CommonOptions.NoScrub();
        Option<int?> maxTokens = CommonOptions.MaxTokens();
        var tokens = new Option<bool>("--tokens") { Description = "Print the token count of the compact description to standard error." };
        var showRedactions = new Option<bool>("--show-redactions")
        {
            Description = "Print what scrubbing removed to standard error: each rule and how many replacements it made.",
        };

        var command = new Command("describe", "Print the description of an event that would be sent to the model (no credentials needed); of many events as JSON lines.")
        {
            files, sentry, model, detailed, maxFrames, maxExceptions, noScrub, maxTokens, tokens, showRedactions,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new DescribeOptions
            {
                Model = parseResult.GetValue(model),
                Detailed = parseResult.GetValue(detailed) is { } value ? bool.Parse(value) : null,
                MaxFrames = parseResult.GetValue(maxFrames),
                MaxExceptions = parseResult.GetValue(maxExceptions),
                Scrub = new ScrubOptions { Enabled = !parseResult.GetValue(noScrub) },
                MaxTokens = parseResult.GetValue(maxTokens),
                SourceRoots = EventInputDescriber.SourceRoots,
            };
            string[] paths = parseResult.GetValue(files) ?? [];
            string? url = parseResult.GetValue(sentry);
            if (url is null && DescribeBatch.IsBatch(paths))
            {
                var lines = new DescribeBatch.LineOptions(parseResult.GetValue(tokens), parseResult.GetValue(showRedactions), options.Model);
                return await DescribeBatch.RunAsync(new EventDescriber(options), paths, lines, console, cancellationToken).ConfigureAwait(false);
            }

            EventRead read = await SentryInput.ReadAsync(paths.Length == 0 ? null : paths[0], url, console, cancellationToken).ConfigureAwait(false);
            if (read.Json is not { } json)
            {
                return read.ExitCode;
            }

            EventDescription? description = await EventInputDescriber.TryDescribeAsync(new EventDescriber(options), json, read.DisplayName, console).ConfigureAwait(false);
            if (description is null)
            {
                return ExitCodes.BadInput;
            }

            if (parseResult.GetValue(tokens))
            {
                int count = TokenCounter.CountTokens(description.ToJson(), options.Model);
                string encoding = TokenCounter.EncodingFor(options.Model);
                await console.Error.WriteLineAsync(FormattableString.Invariant($"eventai: {count} tokens ({encoding})")).ConfigureAwait(false);
            }

            if (parseResult.GetValue(showRedactions))
            {
                await WriteRedactionsAsync(console.Error, description).ConfigureAwait(false);
            }

            description.WriteTo(console.Output, indented: true);
            console.Output.Write("\n"u8);
            await console.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        return command;
    }

    // A string, not a bool?: a bool option leaves "maybe" unconsumed, and the parser then reports two unrelated errors.
    private static Option<string?> DetailedOption()
    {
        var option = new Option<string?>("--detailed")
        {
            HelpName = "true|false",
            Description = "Force full source context on every frame (true) or only on the crash frame (false); by default it follows --model.",
        };
        option.Validators.Add(result =>
        {
            string? value = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (!bool.TryParse(value, out _))
            {
                result.AddError($"--detailed must be true or false, not '{value}'.");
            }
        });
        return option;
    }

    private static async Task WriteRedactionsAsync(TextWriter error, EventDescription description)
    {
        if (description.Redactions.Count == 0)
        {
            await error.WriteLineAsync("eventai: redacted nothing").ConfigureAwait(false);
            return;
        }

        foreach ((string rule, int count) in description.Redactions)
        {
            await error.WriteLineAsync(FormattableString.Invariant($"eventai: redacted {rule} {count}")).ConfigureAwait(false);
        }
    }
}
