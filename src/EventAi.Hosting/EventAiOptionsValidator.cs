using Microsoft.Extensions.Options;

namespace EventAi;

/// <summary>Validates <see cref="EventAiOptions"/> at start-up; each failure names the setting.</summary>
internal sealed class EventAiOptionsValidator : IValidateOptions<EventAiOptions>
{
    public ValidateOptionsResult Validate(string? name, EventAiOptions options)
    {
        var failures = new List<string>();
        Check(failures, "EventAi:Suggestions", () => options.Suggestions.Validate());
        Check(failures, "EventAi:Cache", () => options.Cache.Validate());
        Check(failures, "EventAi:Streaming", () => options.Streaming.Validate());
        if (options.ModelService.HasCredentials || options.ModelService.Endpoint is not null)
        {
            Check(failures, "EventAi:ModelService", () => options.ModelService.Validate());
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string section, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            failures.Add($"{section}: {OneLine(e)}");
        }
    }

    // "X must be ... (Parameter 'X')\nActual value was 3." reads as one sentence per failure in a start-up log.
    private static string OneLine(ArgumentException e)
    {
        string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
        return message.ReplaceLineEndings(" ");
    }
}
