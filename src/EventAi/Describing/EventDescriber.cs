using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>
/// Turns an error-tracker event (a Sentry event payload) into the compact <see cref="EventDescription"/>
/// that is sent to a language model. Thread-safe; create one and reuse it.
/// </summary>
public sealed class EventDescriber
{
    private const int MaxStackBufferBytes = 64 * 1024 * 1024;
    private readonly bool _detailed;
    private readonly Scrubber? _scrubber;
    private readonly DescribeOptions _options;

    /// <summary>Creates a describer with the given options, or the defaults.</summary>
    /// <param name="options">The options; they are validated and copied.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public EventDescriber(DescribeOptions? options = null)
    {
        options ??= new DescribeOptions();
        options.Validate();
        _options = options.Clone();
        _detailed = options.ResolveDetailed();
        _scrubber = Scrubber.Create(options.Scrub);
    }

    /// <summary>A copy of the options this describer uses; changing it changes nothing here.</summary>
    public DescribeOptions Options => _options.Clone();

    /// <summary>Describes an event given as UTF-8 JSON bytes (a leading byte-order mark is allowed).</summary>
    /// <param name="utf8Json">The event payload.</param>
    /// <exception cref="InvalidEventException">The input is not JSON or its root is not an object.</exception>
    /// <exception cref="TokenBudgetExceededException">Even the smallest description is over <see cref="DescribeOptions.MaxTokens"/>.</exception>
    public EventDescription Describe(ReadOnlyMemory<byte> utf8Json)
    {
        ReadOnlyMemory<byte> json = utf8Json.Span.StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DescriptionJson.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                (long line, long position) = PositionOfFirstToken(json.Span);
                throw new InvalidEventException(
                    $"The event's root is {Article(document.RootElement.ValueKind)}, not a JSON object", line, position);
            }

            return Write(document.RootElement, json.Length);
        }
    }

    /// <summary>Describes an event read to its end from a stream of UTF-8 JSON.</summary>
    /// <param name="utf8Json">The stream; it is read, not closed.</param>
    /// <exception cref="InvalidEventException">The input is not JSON or its root is not an object.</exception>
    public EventDescription Describe(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new PooledByteBufferWriter(InitialCapacity(utf8Json));
        int read;
        while ((read = utf8Json.Read(buffer.GetSpan(16 * 1024))) > 0)
        {
            buffer.Advance(read);
        }

        return DescribeBuffered(buffer);
    }

    /// <summary>Describes an event read asynchronously to its end from a stream of UTF-8 JSON.</summary>
    /// <param name="utf8Json">The stream; it is read, not closed.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="InvalidEventException">The input is not JSON or its root is not an object.</exception>
    public async Task<EventDescription> DescribeAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new PooledByteBufferWriter(InitialCapacity(utf8Json));
        int read;
        while ((read = await utf8Json.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Advance(read);
        }

        return DescribeBuffered(buffer);
    }

    /// <summary>Describes an event that is already parsed.</summary>
    /// <param name="eventObject">The event; it must be a JSON object.</param>
    /// <exception cref="InvalidEventException">The element is not an object.</exception>
    public EventDescription Describe(JsonElement eventObject)
    {
        if (eventObject.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidEventException($"The event's root is {Article(eventObject.ValueKind)}, not a JSON object");
        }

        return Write(eventObject, 4096);
    }

    /// <summary>
    /// Describes a live .NET exception: the exception thrown last first, then what it wrapped
    /// (<see cref="Exception.InnerException"/> and every inner exception of an
    /// <see cref="AggregateException"/>), with frames, files and lines where portable PDBs provide them,
    /// async methods under their own names, source lines read from disk when the files are there, and
    /// <see cref="Exception.Data"/> as <c>exception_info</c>.
    /// </summary>
    /// <param name="exception">The exception, thrown or not.</param>
    /// <param name="unhandled">Whether nothing caught it (marks exception 1 <c>unhandled</c>).</param>
    /// <exception cref="TokenBudgetExceededException">Even the smallest description is over <see cref="DescribeOptions.MaxTokens"/>.</exception>
    public EventDescription Describe(Exception exception, bool unhandled = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Describe(ExceptionEventWriter.Write(ExceptionChain.NewestFirst(exception), unhandled, [.. _options.NotInAppPrefixes]));
    }

    /// <summary>
    /// Describes an exception from its text as printed by <see cref="Exception.ToString"/> (a log line,
    /// a crash report): headers, inner exceptions and <c>at ...</c> frames, with source lines read from
    /// disk when the files named are there.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <exception cref="InvalidEventException">The text holds no exception header.</exception>
    public EventDescription DescribeExceptionText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<ExceptionRecord> chain = DotNetStackTraceText.Parse(text);
        if (chain.Count == 0)
        {
            throw new InvalidEventException("The text holds no .NET exception (a line such as 'System.InvalidOperationException: message')", 1, 1);
        }

        return Describe(ExceptionEventWriter.Write(chain, unhandled: false, [.. _options.NotInAppPrefixes]));
    }

    // The description keeps no reference to the input, so the pooled buffer can go back afterwards.
    private EventDescription DescribeBuffered(PooledByteBufferWriter buffer) => Describe(buffer.WrittenMemory);

    private EventDescription Write(JsonElement root, int inputLength)
    {
        long started = EventAiTelemetry.DescribeDurationHistogram.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        using var output = new PooledByteBufferWriter(Math.Min(inputLength, 16 * 1024));
        DescriptionStats stats;
        ScrubTally? tally = _scrubber is null ? null : new ScrubTally();
        using (var writer = new Utf8JsonWriter(output, DescriptionJson.CompactWriterOptions))
        {
            stats = new DescriptionWriter(writer, _options.MaxExceptions, _options.MaxFrames, _detailed, _scrubber?.WithTally(tally!)).Write(root);
        }

        stats.Redactions = tally?.ToReadOnly();

        byte[] description = output.WrittenSpan.ToArray();
        if (_options.MaxTokens is { } budget)
        {
            Microsoft.ML.Tokenizers.Tokenizer tokenizer = TokenCounter.TokenizerFor(_options.Model);
            if (tokenizer.CountTokens(System.Text.Encoding.UTF8.GetString(description)) > budget)
            {
                description = DescriptionReducer.Reduce(description, budget, tokenizer);
                stats.Reduced = true;
            }
        }

        if (started != 0)
        {
            EventAiTelemetry.DescribeDurationHistogram.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        if (stats.FramesTrimmed > 0)
        {
            EventAiTelemetry.FramesTrimmedCounter.Add(stats.FramesTrimmed);
        }

        foreach ((string rule, int count) in stats.Redactions ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, int>.Empty)
        {
            EventAiTelemetry.ScrubRedactionsCounter.Add(count, new KeyValuePair<string, object?>("eventai.scrub.rule", rule));
        }

        return new EventDescription(description, stats);
    }

    private static int InitialCapacity(Stream stream) =>
        stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 1, MaxStackBufferBytes) : 64 * 1024;

    private static InvalidEventException NotJson(JsonException e)
    {
        string reason = e.Message;
        int cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        reason = (cut >= 0 ? reason[..cut] : reason).Replace(" Change the reader options.", string.Empty, StringComparison.Ordinal).TrimEnd(' ', '.', '|');
        return new InvalidEventException(
            $"The event is not valid JSON: {reason}", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, e);
    }

    private static (long Line, long Position) PositionOfFirstToken(ReadOnlySpan<byte> json)
    {
        long line = 1;
        long lineStart = 0;
        for (int i = 0; i < json.Length; i++)
        {
            switch (json[i])
            {
                case (byte)'\n':
                    line++;
                    lineStart = i + 1;
                    break;
                case (byte)' ' or (byte)'\t' or (byte)'\r':
                    break;
                default:
                    return (line, i - lineStart + 1);
            }
        }

        return (line, json.Length - lineStart + 1);
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
