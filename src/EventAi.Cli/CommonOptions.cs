using System.CommandLine;

namespace EventAi.Cli;

/// <summary>Arguments and options shared by the commands.</summary>
internal static class CommonOptions
{
    public static Argument<string> FileArgument()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "The event JSON file, or - for standard input.",
            DefaultValueFactory = _ => EventInput.StandardInput,
        };
        file.Validators.Add(result =>
        {
            // An unknown option would otherwise be taken for a file name.
            string? value = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (value is not null && value.StartsWith('-') && value != EventInput.StandardInput)
            {
                result.AddError($"Unknown option '{value}'.");
            }
        });
        return file;
    }

    /// <summary>FILE... for commands that take any number of files and directories (none: standard input).</summary>
    public static Argument<string[]> FilesArgument(string description)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrMore,
        };
        files.Validators.Add(result =>
        {
            // An unknown option would otherwise be taken for a file name.
            foreach (System.CommandLine.Parsing.Token token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && token.Value != EventInput.StandardInput)
                {
                    result.AddError($"Unknown option '{token.Value}'.");
                    return;
                }
            }
        });
        return files;
    }

    public static Option<bool> NoScrub() => new("--no-scrub")
    {
        Description = "Send values that look like personal data or secrets (emails, IPs, keys, passwords...) as they are, instead of replacing them.",
    };

    public static Option<int?> MaxTokens()
    {
        var option = new Option<int?>("--max-tokens")
        {
            Description = "Reduce the description until it fits this many tokens of the model's tokenizer (o200k for unknown models).",
        };
        option.Validators.Add(result =>
        {
            bool belowOne = result.Tokens.Count == 1
                && int.TryParse(result.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out int value)
                && value < 1;
            if (belowOne)
            {
                result.AddError("--max-tokens must be 1 or more.");
            }
        });
        return option;
    }

    public static Option<string?> Model(string description) => new("--model") { Description = description };

    public static Option<int> NonNegative(string name, int defaultValue, string description)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            bool negative = result.Tokens.Count == 1
                && int.TryParse(result.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out int value)
                && value < 0;
            if (negative)
            {
                result.AddError($"{name} must be 0 or more.");
            }
        });
        return option;
    }
}
