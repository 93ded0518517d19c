namespace EventAi;

/// <summary>
/// One step of a streamed suggestion: a text delta as the model sends it, and, on the update that carries
/// them (usually the last), the token usage and the finish reason.
/// </summary>
/// <param name="Text">The text delta; empty on an update that only reports usage or the finish reason.</param>
/// <param name="InputTokens">Tokens of the request, when the service reported them on this update.</param>
/// <param name="OutputTokens">Tokens of the answer, when the service reported them on this update.</param>
/// <param name="FinishReason">Why the model stopped (<c>stop</c>, <c>length</c>...), when reported on this update.</param>
public sealed record SuggestionUpdate(string Text, long? InputTokens = null, long? OutputTokens = null, string? FinishReason = null);
