namespace EventAi;

/// <summary>Settings of a <see cref="SuggestionClient"/>: the model, its sampling and the prompt.</summary>
public sealed class SuggestionOptions
{
    /// <summary>
    /// The model to ask for, overriding the model the chat client was created for; <c>null</c> (the
    /// default) sends none, so the client's own model is used. The effective model (this, else the
    /// client's <c>ChatClientMetadata.DefaultModelId</c>) chooses the automatic
    /// <see cref="DescribeOptions.Detailed"/> rule and the tokenizer of the token budget.
    /// </summary>
    public string? Model { get; set; }

    /// <summary>Sampling temperature, 0 to 2; default 0.7. <c>null</c> sends none (reasoning models reject it).</summary>
    public float? Temperature { get; set; } = 0.7f;

    /// <summary>The most tokens the answer may have; <c>null</c> (the default) leaves it to the service.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>The voice of the built-in system prompt. Default <see cref="PromptTone.Playful"/>, as in the original.</summary>
    public PromptTone Tone { get; set; } = PromptTone.Playful;

    /// <summary>A system prompt that replaces the built-in one entirely; <c>null</c> uses the built-in prompt.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>Picks the playful closing; set a seeded <see cref="System.Random"/> for repeatable prompts.</summary>
    public Random Random { get; set; } = Random.Shared;

    /// <summary>
    /// How events are described for the model. When its <see cref="DescribeOptions.Model"/> is not set,
    /// <see cref="Model"/> is used for the automatic detailed rule.
    /// </summary>
    public DescribeOptions Describe { get; set; } = new();

    /// <summary>
    /// Whether traces record the messages sent and received (the prompt, the event description and the
    /// answer). Off by default: event text stays out of telemetry unless this is set.
    /// </summary>
    public bool RecordContent { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    internal void Validate()
    {
        if (Model is not null && string.IsNullOrWhiteSpace(Model))
        {
            throw new ArgumentException($"{nameof(SuggestionOptions)}.{nameof(Model)} must name a model or deployment, or be null to use the chat client's model.", nameof(Model));
        }

        if (Temperature is { } temperature && (float.IsNaN(temperature) || temperature < 0 || temperature > 2))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Temperature), temperature, $"{nameof(SuggestionOptions)}.{nameof(Temperature)} must be between 0 and 2, or null to send none.");
        }

        if (MaxOutputTokens is < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxOutputTokens), MaxOutputTokens, $"{nameof(SuggestionOptions)}.{nameof(MaxOutputTokens)} must be 1 or more, or null.");
        }

        if (SystemPrompt is not null && string.IsNullOrWhiteSpace(SystemPrompt))
        {
            throw new ArgumentException($"{nameof(SuggestionOptions)}.{nameof(SystemPrompt)} must not be blank; use null for the built-in prompt.", nameof(SystemPrompt));
        }

        ArgumentNullException.ThrowIfNull(Random, nameof(Random));
        ArgumentNullException.ThrowIfNull(Describe, nameof(Describe));
        Describe.Validate();
    }
}
