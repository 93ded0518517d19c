using System.Buffers;
using System.Runtime.InteropServices;
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

    // Token offsets found per refill of the scanner's index: 16 KB, enough for 4 KB of the densest JSON.
    private const int IndexLength = 4096;
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
    internal DescribeOptions Options => _options.Clone();

    /// <summary>
    /// The deepest nesting of objects and arrays an event may have. Deeper input is rejected with
    /// <see cref="InvalidEventException"/>, so every description made fits every output call
    /// (<see cref="EventDescription.ToJson(bool)"/>, <see cref="EventDescription.WriteTo(Stream, bool)"/>,
    /// <see cref="EventDescription.ToJsonElement"/>).
    /// </summary>
    public const int MaxDepth = JsonScanner.MaxDepth;

    /// <summary>
    /// Describes an event given as UTF-8 JSON bytes (a leading byte-order mark is allowed), in the
    /// ingestion shape SDKs send or the API shape Sentry's REST API returns (<c>entries</c>).
    /// </summary>
    /// <param name="utf8Json">The event payload.</param>
    /// <exception cref="InvalidEventException">
    /// The input is not valid UTF-8 JSON (checked in full, also where the description reads nothing), its
    /// root is not an object, or it nests deeper than <see cref="MaxDepth"/>; the exception gives the line
    /// and byte position.
    /// </exception>
    /// <exception cref="TokenBudgetExceededException">Even the smallest description is over <see cref="DescribeOptions.MaxTokens"/>.</exception>
    public EventDescription Describe(ReadOnlyMemory<byte> utf8Json)
    {
        ReadOnlySpan<byte> json = utf8Json.Span;
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        try
        {
            return DescribeJson(json);
        }
        catch (MalformedJsonException e)
        {
            throw Invalid(json, e);
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
    /// <exception cref="InvalidEventException">
    /// The element is not an object, or it nests deeper than <see cref="MaxDepth"/> (the position is
    /// within the element's own JSON text).
    /// </exception>
    /// <exception cref="TokenBudgetExceededException">Even the smallest description is over <see cref="DescribeOptions.MaxTokens"/>.</exception>
    public EventDescription Describe(JsonElement eventObject)
    {
        if (eventObject.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidEventException($"The event's root is {Article(eventObject.ValueKind)}, not a JSON object");
        }

        // The element's own bytes go through the same engine as any other input.
        ReadOnlySpan<byte> json = JsonMarshal.GetRawUtf8Value(eventObject);
        try
        {
            return DescribeJson(json);
        }
        catch (MalformedJsonException e) when (!e.TooDeep)
        {
            // Only a document parsed with comments or trailing commas allowed gets here: its element is
            // written out as strict JSON and described from that.
            byte[] rewritten = Rewritten(eventObject);
            try
            {
                return DescribeJson(rewritten);
            }
            catch (MalformedJsonException again)
            {
                throw Invalid(rewritten, again);
            }
        }
        catch (MalformedJsonException e)
        {
            throw Invalid(json, e);
        }
    }

    /// <summary>
    /// Describes a live .NET exception: the exception thrown last first, then what it wrapped
    /// (<see cref="Exception.InnerException"/> and every inner exception of an
    /// <see cref="AggregateException"/>), with frames, files and lines where portable PDBs provide them,
    /// async methods under their own names, source lines read from disk when the files are there (under
    /// <see cref="DescribeOptions.SourceRoots"/>, by default the directories the PDBs name), and
    /// <see cref="Exception.Data"/> as <c>exception_info</c>. Never throws for the exception's own failures
    /// (a <see cref="Exception.Message"/> or a <c>ToString</c> of a <see cref="Exception.Data"/> value that
    /// throws is described as such); at most 64 exceptions of a chain are read.
    /// </summary>
    /// <param name="exception">The exception, thrown or not.</param>
    /// <param name="unhandled">Whether nothing caught it (marks exception 1 <c>unhandled</c>).</param>
    /// <exception cref="TokenBudgetExceededException">Even the smallest description is over <see cref="DescribeOptions.MaxTokens"/>.</exception>
    public EventDescription Describe(Exception exception, bool unhandled = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Describe(ExceptionEventWriter.Write(LiveExceptionReader.Read(exception, _options), unhandled, _options));
    }

    /// <summary>
    /// Describes an exception from its text as printed by <see cref="Exception.ToString"/> (a log line,
    /// a crash report): headers, inner exceptions and <c>at ...</c> frames, with source lines read from
    /// disk only for files under <see cref="DescribeOptions.SourceRoots"/> (none by default: the text is
    /// untrusted). Time is linear in the text.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <exception cref="InvalidEventException">The text holds no exception header.</exception>
    public EventDescription DescribeExceptionText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ExceptionChain chain = DotNetStackTraceText.Parse(text, _options)
            ?? throw new InvalidEventException("The text holds no .NET exception (a line such as 'System.InvalidOperationException: message')", 1, 1);

        return Describe(ExceptionEventWriter.Write(chain, unhandled: false, _options));
    }

    // The description keeps no reference to the input, so the pooled buffer can go back afterwards.
    private EventDescription DescribeBuffered(PooledByteBufferWriter buffer) => Describe(buffer.WrittenMemory);

    private EventDescription DescribeJson(ReadOnlySpan<byte> json)
    {
        long started = EventAiTelemetry.DescribeDurationHistogram.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        int[] index = ArrayPool<int>.Shared.Rent(IndexLength);
        using var outline = new EventOutline();
        using var output = new PooledByteBufferWriter(Math.Min(json.Length, 16 * 1024));
        DescriptionStats stats;
        ScrubTally? tally = _scrubber is null ? null : new ScrubTally();
        try
        {
            if (!new EventOutlineReader(json, index, outline).ReadEvent(out JsonValueKind rootKind, out int rootOffset))
            {
                (long line, long position) = MalformedJsonException.Position(json, rootOffset);
                throw new InvalidEventException($"The event's root is {Article(rootKind)}, not a JSON object", line, position);
            }

            using var writer = new Utf8JsonWriter(output, DescriptionJson.CompactWriterOptions);
            stats = new DescriptionWriter(json, index, outline, writer, _options.MaxExceptions, _options.MaxFrames, _detailed, _scrubber?.WithTally(tally!)).Write();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(index);
        }

        stats.Redactions = tally?.ToReadOnly();

        byte[] description = output.WrittenSpan.ToArray();
        // Every token is at least one byte, so a description of no more bytes than the budget fits as it is,
        // and the tokenizer (a quarter of a second to load) is not needed.
        if (_options.MaxTokens is { } budget && description.Length > budget)
        {
            Microsoft.ML.Tokenizers.Tokenizer tokenizer = TokenCounter.TokenizerFor(_options.Model);
            if (!DescriptionReducer.Fits(description, budget, tokenizer))
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

    private static byte[] Rewritten(JsonElement eventObject)
    {
        using var buffer = new PooledByteBufferWriter(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = MaxDepth + 1 }))
        {
            try
            {
                JsonCopier.WriteValue(writer, eventObject);
            }
            catch (InvalidOperationException)
            {
                throw new InvalidEventException($"The event is nested deeper than {MaxDepth} levels");
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static InvalidEventException Invalid(ReadOnlySpan<byte> json, MalformedJsonException e)
    {
        (long line, long position) = MalformedJsonException.Position(json, e.Offset);
        string reason = e.TooDeep ? $"The event is nested deeper than {MaxDepth} levels" : $"The event is not valid JSON: {e.Reason}";
        return new InvalidEventException(reason, line, position, e);
    }

    private static int InitialCapacity(Stream stream) =>
        stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 1, MaxStackBufferBytes) : 64 * 1024;

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
