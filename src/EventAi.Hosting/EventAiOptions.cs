namespace EventAi;

/// <summary>Everything <c>services.AddEventAi(...)</c> configures; bind it from a configuration section.</summary>
public sealed class EventAiOptions
{
    /// <summary>
    /// How to reach the model service. Without credentials (and without an <c>IChatClient</c> the host
    /// registers or names with <see cref="EventAiBuilder.UseChatClient"/>) suggestions are unavailable:
    /// resolving <see cref="SuggestionService"/> fails with a message naming what to set, and the endpoint
    /// answers 404, as SPEC §6 asks.
    /// </summary>
    public ModelServiceOptions ModelService { get; set; } = new();

    /// <summary>The model, sampling, prompt and describe settings.</summary>
    public SuggestionOptions Suggestions { get; set; } = new();

    /// <summary>How long suggestions are cached.</summary>
    public SuggestionCacheOptions Cache { get; set; } = new();

    /// <summary>How a live answer is shared by concurrent callers of one issue group.</summary>
    public SuggestionStreamOptions Streaming { get; set; } = new();
}
