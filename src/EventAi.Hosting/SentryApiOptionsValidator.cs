using Microsoft.Extensions.Options;

namespace EventAi;

/// <summary>Validates <see cref="SentryApiOptions"/> at start-up; the failure names the setting.</summary>
internal sealed class SentryApiOptionsValidator : IValidateOptions<SentryApiOptions>
{
    public ValidateOptionsResult Validate(string? name, SentryApiOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"EventAi:Sentry: {e.Message}");
        }
    }
}
