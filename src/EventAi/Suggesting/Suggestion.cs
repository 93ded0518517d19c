namespace EventAi;

/// <summary>A complete answer of the model: the explanation and fix, with what it cost.</summary>
/// <param name="Text">The answer, Markdown.</param>
/// <param name="InputTokens">Tokens of the request, when the service reported them.</param>
/// <param name="OutputTokens">Tokens of the answer, when the service reported them.</param>
/// <param name="FinishReason">Why the model stopped (<c>stop</c>, <c>length</c>...), when reported.</param>
public sealed record Suggestion(string Text, long? InputTokens, long? OutputTokens, string? FinishReason);
