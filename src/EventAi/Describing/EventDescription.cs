using System.Text;
using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>
/// The description of one event: a small JSON object with the message, the language and the
/// exceptions with their most telling frames. Its compact form is the user message sent to the model.
/// </summary>
public sealed class EventDescription
{
    private readonly byte[] _utf8;
    private readonly DescriptionStats _stats;

    internal EventDescription(byte[] compactUtf8, DescriptionStats stats)
    {
        _utf8 = compactUtf8;
        _stats = stats;
    }

    /// <summary>The compact JSON as UTF-8 bytes, exactly as it is sent to the model.</summary>
    public ReadOnlyMemory<byte> Utf8Json => _utf8;

    /// <summary>How many exceptions of the chain are described.</summary>
    public int ExceptionCount => _stats.Exceptions;

    /// <summary>How many frames the <see cref="FrameTrimmer"/> left out, over all stack traces.</summary>
    public int FramesTrimmed => _stats.FramesTrimmed;

    /// <summary>
    /// Whether the description was reduced to fit <see cref="DescribeOptions.MaxTokens"/>; the counts
    /// above are those before the reduction.
    /// </summary>
    public bool ReducedToFitTokenBudget => _stats.Reduced;

    /// <summary>
    /// How many replacements scrubbing made, per rule (a <see cref="ScrubRules"/> name such as
    /// <c>Email</c>, <c>CustomPatterns[0]</c> for a custom pattern, or <c>TimeBudget</c> for a value
    /// redacted whole because a rule ran out of <see cref="ScrubOptions.RuleTimeBudget"/>), so a
    /// caller can show what was removed before anything is sent. Empty when nothing was removed or
    /// scrubbing is off; the counts are those before any token-budget reduction.
    /// </summary>
    public IReadOnlyDictionary<string, int> Redactions => _stats.Redactions ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, int>.Empty;

    /// <summary>The description as JSON text: compact for the model, or indented by 2 spaces for people.</summary>
    /// <param name="indented">Whether to indent.</param>
    public string ToJson(bool indented = false)
    {
        if (!indented)
        {
            return Encoding.UTF8.GetString(_utf8);
        }

        using var buffer = new PooledByteBufferWriter(_utf8.Length * 2);
        using (var writer = new Utf8JsonWriter(buffer, DescriptionJson.IndentedWriterOptions))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the description as UTF-8 JSON to a stream: compact, or indented by 2 spaces.</summary>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="indented">Whether to indent.</param>
    public void WriteTo(Stream utf8Destination, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(utf8Destination);
        if (!indented)
        {
            utf8Destination.Write(_utf8);
            return;
        }

        using var writer = new Utf8JsonWriter(utf8Destination, DescriptionJson.IndentedWriterOptions);
        WriteTo(writer);
    }

    /// <summary>
    /// Writes the description as a JSON value; the writer's options decide its layout. A description nests
    /// at most <see cref="EventDescriber.MaxDepth"/> levels, within the default
    /// <see cref="JsonWriterOptions.MaxDepth"/> (1000).
    /// </summary>
    /// <param name="writer">Where to write.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using JsonDocument document = JsonDocument.Parse(_utf8, DescriptionJson.DocumentOptions);
        JsonCopier.WriteValue(writer, document.RootElement);
    }

    /// <summary>The description as a JSON element, to read its parts.</summary>
    public JsonElement ToJsonElement()
    {
        using JsonDocument document = JsonDocument.Parse(_utf8, DescriptionJson.DocumentOptions);
        return document.RootElement.Clone();
    }

    /// <summary>The compact JSON text.</summary>
    public override string ToString() => ToJson();
}
