namespace EventAi;

/// <summary>Everything <c>services.AddEventAi(...)</c> configures; bind it from a configuration section.</summary>
public sealed class EventAiOptions
{
    /// <summary>
    /// How to reach the model service. Without an API key (and without an <c>IChatClient</c> registered
    /// by the host) suggestions are unavailable: <see cref="SuggestionService"/> is not registered and
    /// the endpoint answers 404, as SPEC §6 asks.
    /// </summary>
    public ModelServiceOptions ModelService { get; set; } = new() { ApiKey = null };

    /// <summary>The model, sampling, prompt and describe settings.</summary>
    public SuggestionOptions Suggestions { get; set; } = new();

    /// <summary>How long suggestions are cached, and where.</summary>
    public SuggestionCacheOptions Cache { get; set; } = new();
}
