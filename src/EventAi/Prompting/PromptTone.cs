namespace EventAi;

/// <summary>The voice of the built-in system prompt.</summary>
public enum PromptTone
{
    /// <summary>Light-hearted, with a little snark, emojis and a closing chosen at random (a haiku, a rhyme...).</summary>
    Playful,

    /// <summary>Plain and businesslike: no jokes, no emojis, a one-line closing.</summary>
    Professional,
}
