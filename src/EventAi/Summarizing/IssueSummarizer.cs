using System.Text.Json;
using Microsoft.Extensions.AI;

namespace EventAi;

/// <summary>
/// Asks for an <see cref="IssueSummary"/> with a JSON-schema response format. A server that rejects the
/// format (a 400 naming it) is asked again with the schema in the prompt instead, and remembered; an answer
/// that cannot be read is quoted back once with the problem; a second unreadable answer fails.
/// </summary>
internal sealed class IssueSummarizer
{
    private static readonly ChatResponseFormat SchemaFormat = ChatResponseFormat.ForJsonSchema<IssueSummary>(
        IssueSummaryJson.Options, "issue_summary", "A structured summary of one error event.");

    private static readonly string SchemaPrompt =
        SystemPrompt.Summary + "\nThe answer must be a JSON object conforming to this JSON schema:\n```json\n" +
        ((ChatResponseFormatJson)SchemaFormat).Schema!.Value.GetRawText() +
        "\n```\n";

    private readonly Func<IList<ChatMessage>, ChatOptions, CancellationToken, Task<ChatResponse>> _ask;
    private volatile bool _schemaRejected;

    public IssueSummarizer(Func<IList<ChatMessage>, ChatOptions, CancellationToken, Task<ChatResponse>> ask) => _ask = ask;

    public async Task<IssueSummary> SummarizeAsync(string userMessage, ChatOptions options, CancellationToken cancellationToken)
    {
        var conversation = new List<ChatMessage> { new(ChatRole.User, userMessage) };
        string first = await AskAsync(conversation, options, cancellationToken).ConfigureAwait(false);
        if (SummaryAnswer.TryParse(first, out IssueSummary? summary, out string? problem))
        {
            return summary;
        }

        conversation.Add(new ChatMessage(ChatRole.Assistant, first));
        conversation.Add(new ChatMessage(ChatRole.User,
            $"That answer could not be used: {problem}. Answer again with only the JSON object, with the fields " +
            "headline, whats_wrong, trace, possible_cause, confidence and next_step, all filled."));
        string second = await AskAsync(conversation, options, cancellationToken).ConfigureAwait(false);
        if (SummaryAnswer.TryParse(second, out summary, out problem))
        {
            return summary;
        }

        throw new InvalidModelAnswerException($"The model's summary could not be read, even when asked again: {problem}.", second, null);
    }

    private async Task<string> AskAsync(List<ChatMessage> conversation, ChatOptions options, CancellationToken cancellationToken)
    {
        if (!_schemaRejected)
        {
            try
            {
                ChatOptions withSchema = options.Clone();
                withSchema.ResponseFormat = SchemaFormat;
                return (await _ask([new ChatMessage(ChatRole.System, SystemPrompt.Summary), .. conversation], withSchema, cancellationToken).ConfigureAwait(false)).Text;
            }
            catch (ModelServiceException e) when (RejectsResponseFormat(e))
            {
                _schemaRejected = true;
            }
        }

        // No response_format at all: the schema travels in the prompt.
        return (await _ask([new ChatMessage(ChatRole.System, SchemaPrompt), .. conversation], options, cancellationToken).ConfigureAwait(false)).Text;
    }

    private static bool RejectsResponseFormat(ModelServiceException e) =>
        e.Status == 400
        && (e.Message.Contains("response_format", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("json_schema", StringComparison.OrdinalIgnoreCase)
            || (e.Error is { ValueKind: JsonValueKind.Object } error && error.TryGetProperty("param", out JsonElement param)
                && param.ValueKind == JsonValueKind.String && param.ValueEquals("response_format")));
}
