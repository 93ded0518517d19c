using Microsoft.Extensions.Options;

namespace EventAi;

/// <summary>
/// An empty string in configuration (appsettings, environment variables) clears a setting rather than
/// setting it to "": <c>"ApiKey": ""</c> in an environment's file removes a key set elsewhere.
/// </summary>
internal sealed class EmptyStringsAsUnset : IPostConfigureOptions<EventAiOptions>
{
    public void PostConfigure(string? name, EventAiOptions options)
    {
        ModelServiceOptions service = options.ModelService;
        service.ApiKey = Unset(service.ApiKey);
        service.Deployment = Unset(service.Deployment);
        if (service.Endpoint is { OriginalString.Length: 0 })
        {
            service.Endpoint = null;
        }

        SuggestionOptions suggestions = options.Suggestions;
        suggestions.Model = Unset(suggestions.Model);
        suggestions.SystemPrompt = Unset(suggestions.SystemPrompt);
        suggestions.Describe.Model = Unset(suggestions.Describe.Model);
    }

    private static string? Unset(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
