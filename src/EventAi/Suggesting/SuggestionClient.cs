using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace EventAi;

/// <summary>
/// Asks a language model to explain an error event and suggest a fix, over any
/// <see cref="IChatClient"/>: OpenAI and Azure OpenAI (the EventAi.OpenAI package), Ollama, or any other.
/// Thread-safe; create one and reuse it.
/// </summary>
public sealed class SuggestionClient
{
    private readonly IChatClient _chatClient;
    private readonly SuggestionOptions _options;
    private readonly EventDescriber _describer;
    private readonly string? _model;
    private readonly string? _host;
    private readonly IssueSummarizer _summarizer;

    /// <summary>Creates a client over a chat client.</summary>
    /// <param name="chatClient">
    /// The model service; it is used, not disposed. Unless it already has an OpenTelemetry layer
    /// (Microsoft.Extensions.AI's <c>UseOpenTelemetry</c>), one is added under <see cref="EventAiTelemetry.SourceName"/>.
    /// </param>
    /// <param name="options">The model, sampling and prompt settings; validated here.</param>
    /// <exception cref="ArgumentException">A setting is not valid; the message names it.</exception>
    public SuggestionClient(IChatClient chatClient, SuggestionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        options ??= new SuggestionOptions();
        options.Validate();
        ChatClientMetadata? metadata = chatClient.GetService<ChatClientMetadata>();
        _model = options.Model ?? metadata?.DefaultModelId;
        _host = metadata?.ProviderUri is { } uri ? uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}" : null;

        // Microsoft.Extensions.AI emits the GenAI spans and metrics; a client that has them already keeps its own.
        bool recordContent = options.RecordContent;
        _chatClient = chatClient.GetService<OpenTelemetryChatClient>() is not null
            ? chatClient
            : chatClient.AsBuilder()
                .UseOpenTelemetry(sourceName: EventAiTelemetry.SourceName, configure: telemetry => telemetry.EnableSensitiveData = recordContent)
                .Build();
        _options = options;
        DescribeOptions describe = options.Describe.Clone();
        describe.Model ??= _model;
        _describer = new EventDescriber(describe);
        _summarizer = new IssueSummarizer(AskAsync);
    }

    /// <summary>
    /// The model this client asks for: <see cref="SuggestionOptions.Model"/>, else the chat client's own
    /// (<see cref="ChatClientMetadata.DefaultModelId"/>); <c>null</c> when neither says.
    /// </summary>
    public string? Model => _model;

    /// <summary>The describer events given as JSON go through, set up from <see cref="SuggestionOptions.Describe"/>.</summary>
    public EventDescriber Describer => _describer;

    /// <summary>The model service's host (and port), from the chat client's metadata, for logs; <c>null</c> when unknown.</summary>
    internal string? ServiceHost => _host;

    /// <summary>Streams the answer for an event given as UTF-8 JSON, text delta by text delta as the model sends it.</summary>
    /// <param name="eventJson">The event payload.</param>
    /// <param name="cancellationToken">Stops the stream and closes the connection to the service.</param>
    /// <exception cref="InvalidEventException">The input is not an event.</exception>
    /// <exception cref="ModelRateLimitedException">The service rate-limited the request.</exception>
    /// <exception cref="ModelServiceException">The service failed or could not be reached.</exception>
    public IAsyncEnumerable<string> StreamAsync(ReadOnlyMemory<byte> eventJson, CancellationToken cancellationToken = default) =>
        StreamAsync(_describer.Describe(eventJson), cancellationToken);

    /// <summary>Streams the answer for a description, text delta by text delta as the model sends it.</summary>
    /// <param name="description">The event description.</param>
    /// <param name="cancellationToken">Stops the stream and closes the connection to the service.</param>
    /// <exception cref="ModelRateLimitedException">The service rate-limited the request.</exception>
    /// <exception cref="ModelServiceException">The service failed or could not be reached.</exception>
    public async IAsyncEnumerable<string> StreamAsync(
        EventDescription description, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (SuggestionUpdate update in StreamUpdatesAsync(description, cancellationToken).ConfigureAwait(false))
        {
            if (update.Text.Length > 0)
            {
                yield return update.Text;
            }
        }
    }

    /// <summary>
    /// Streams the answer for a description as <see cref="SuggestionUpdate"/>s: the text deltas as they
    /// arrive, and the token usage and finish reason on the update that carries them.
    /// </summary>
    /// <param name="description">The event description.</param>
    /// <param name="cancellationToken">Stops the stream and closes the connection to the service.</param>
    /// <exception cref="ModelRateLimitedException">The service rate-limited the request.</exception>
    /// <exception cref="ModelServiceException">The service failed or could not be reached.</exception>
    public async IAsyncEnumerable<SuggestionUpdate> StreamUpdatesAsync(
        EventDescription description, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (ChatResponseUpdate update in UpdatesAsync(description, cancellationToken).ConfigureAwait(false))
        {
            long? inputTokens = null;
            long? outputTokens = null;
            foreach (AIContent content in update.Contents)
            {
                if (content is UsageContent usage)
                {
                    inputTokens = usage.Details.InputTokenCount ?? inputTokens;
                    outputTokens = usage.Details.OutputTokenCount ?? outputTokens;
                }
            }

            string text = update.Text;
            string? finishReason = update.FinishReason?.Value;
            if (text.Length > 0 || inputTokens is not null || outputTokens is not null || finishReason is not null)
            {
                yield return new SuggestionUpdate(text, inputTokens, outputTokens, finishReason);
            }
        }
    }

    /// <summary>Gets the whole answer for an event given as UTF-8 JSON, with its token usage.</summary>
    /// <param name="eventJson">The event payload.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="InvalidEventException">The input is not an event.</exception>
    /// <exception cref="ModelRateLimitedException">The service rate-limited the request.</exception>
    /// <exception cref="ModelServiceException">The service failed or could not be reached.</exception>
    public Task<Suggestion> SuggestAsync(ReadOnlyMemory<byte> eventJson, CancellationToken cancellationToken = default) =>
        SuggestAsync(_describer.Describe(eventJson), cancellationToken);

    /// <summary>Gets the whole answer for a description, with its token usage.</summary>
    /// <param name="description">The event description.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="ModelRateLimitedException">The service rate-limited the request.</exception>
    /// <exception cref="ModelServiceException">The service failed or could not be reached.</exception>
    public async Task<Suggestion> SuggestAsync(EventDescription description, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        long? inputTokens = null;
        long? outputTokens = null;
        string? finishReason = null;
        await foreach (SuggestionUpdate update in StreamUpdatesAsync(description, cancellationToken).ConfigureAwait(false))
        {
            text.Append(update.Text);
            inputTokens = update.InputTokens ?? inputTokens;
            outputTokens = update.OutputTokens ?? outputTokens;
            finishReason = update.FinishReason ?? finishReason;
        }

        return new Suggestion(text.ToString(), inputTokens, outputTokens, finishReason);
    }

    /// <summary>
    /// Gets a structured summary of an event given as UTF-8 JSON: what is wrong, the trace, the likely cause
    /// and the next step, as typed fields (see <see cref="SummarizeAsync(EventDescription, CancellationToken)"/>).
    /// </summary>
    /// <param name="eventJson">The event payload.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="InvalidEventException">The input is not an event.</exception>
    /// <exception cref="ModelRateLimitedException">The service rate-limited the request.</exception>
    /// <exception cref="InvalidModelAnswerException">The model's answer could not be read as a summary, twice.</exception>
    /// <exception cref="ModelServiceException">The service failed or could not be reached.</exception>
    public Task<IssueSummary> SummarizeAsync(ReadOnlyMemory<byte> eventJson, CancellationToken cancellationToken = default) =>
        SummarizeAsync(_describer.Describe(eventJson), cancellationToken);

    /// <summary>
    /// Gets a structured summary of a description. The model is asked with a JSON-schema response format
    /// (structured output); a server that rejects the format is asked with the schema in the prompt instead
    /// (and remembered); an answer that cannot be read is sent back once with the problem. The summary is
    /// never half filled: every field is there or the call fails.
    /// </summary>
    /// <param name="description">The event description.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="ModelRateLimitedException">The service rate-limited the request.</exception>
    /// <exception cref="InvalidModelAnswerException">The model's answer could not be read as a summary, twice.</exception>
    /// <exception cref="ModelServiceException">The service failed or could not be reached.</exception>
    public async Task<IssueSummary> SummarizeAsync(EventDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        using Activity? activity = StartActivity(EventAiTelemetry.SummarizeActivityName, description, SummaryTone);
        try
        {
            return await _summarizer.SummarizeAsync(UserMessage.Build(description, UserMessage.Summarize), NewChatOptions(), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ModelServiceException e)
        {
            throw Failed(activity, e);
        }
    }

    /// <summary>The chat messages sent for a description: the system prompt, then the fenced description.</summary>
    /// <param name="description">The event description.</param>
    public IReadOnlyList<ChatMessage> BuildMessages(EventDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        string systemPrompt = _options.SystemPrompt ?? SystemPrompt.Build(_options.Tone, _options.Random);
        return [new ChatMessage(ChatRole.System, systemPrompt), new ChatMessage(ChatRole.User, UserMessage.Build(description))];
    }

    private const string SummaryTone = "summary";

    private Activity? StartActivity(string name, EventDescription description, string? tone = null)
    {
        Activity? activity = EventAiTelemetry.ActivitySource.StartActivity(name, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.request.model", _model);
            activity.SetTag("eventai.prompt.version", SystemPrompt.Version);
            activity.SetTag("eventai.prompt.tone", tone ?? (_options.SystemPrompt is null ? _options.Tone.ToString().ToLowerInvariant() : "custom"));
            activity.SetTag("eventai.description.exceptions", description.ExceptionCount);
            activity.SetTag("eventai.description.frames_trimmed", description.FramesTrimmed);
            activity.SetTag("eventai.description.reduced", description.ReducedToFitTokenBudget);
        }

        return activity;
    }

    private static ModelServiceException Failed(Activity? activity, ModelServiceException error)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        activity?.SetTag("error.type", error.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? error.GetType().Name);
        return error;
    }

    private ChatOptions NewChatOptions() => new()
    {
        ModelId = _options.Model,
        Temperature = _options.Temperature,
        MaxOutputTokens = _options.MaxOutputTokens,
    };

    private async Task<ChatResponse> AskAsync(IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await _chatClient.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ServiceErrors.IsServiceFailure(e, cancellationToken))
        {
            throw ServiceErrors.Translate(e, _host);
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> UpdatesAsync(
        EventDescription description, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<ChatMessage> messages = BuildMessages(description);
        ChatOptions chatOptions = NewChatOptions();
        using Activity? activity = StartActivity(EventAiTelemetry.SuggestActivityName, description);
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = _chatClient.GetStreamingResponseAsync(messages, chatOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception e) when (ServiceErrors.IsServiceFailure(e, cancellationToken))
        {
            throw Failed(activity, ServiceErrors.Translate(e, _host));
        }

        bool answering = false;
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception e) when (ServiceErrors.IsServiceFailure(e, cancellationToken))
                {
                    throw Failed(activity, ServiceErrors.Translate(e, _host, answering));
                }

                answering = true;
                yield return updates.Current;
            }
        }
    }
}
