using System.CommandLine;

namespace EventAi.Cli;

/// <summary>Arguments and options shared by the commands.</summary>
internal static class CommonOptions
{
    public static Argument<string> FileArgument() => new("FILE")
    {
        Description = "The event JSON file, or - for standard input.",
        DefaultValueFactory = _ => EventInput.StandardInput,
    };

    public static Option<string?> Model(string description) => new("--model") { Description = description };

    public static Option<int> NonNegative(string name, int defaultValue, string description)
    {
        var option = new Option<int>(name)
        {
            Description = $"{description} Default {defaultValue}.",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"{name} must be 0 or more.");
            }
        });
        return option;
    }
}
