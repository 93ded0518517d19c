using System.Text.Json;
using EventAi.Json;

namespace EventAi.Benchmarks.Baseline;

/// <summary>
/// The describe path as it was before the single-pass engine: <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// and a walk over <see cref="JsonElement"/>s. Frozen here as the baseline of the describe benchmarks and
/// the differential tests; it is not part of the library. No token budget, no telemetry.
/// </summary>
internal sealed class BaselineDescriber
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = MinimalJsonEncoder.Instance,
        SkipValidation = true,
        MaxDepth = 256,
    };

    private readonly DescribeOptions _options;
    private readonly bool _detailed;
    private readonly Scrubber? _scrubber;

    public BaselineDescriber(DescribeOptions? options = null)
    {
        options ??= new DescribeOptions();
        options.Validate();
        _options = options;
        _detailed = options.ResolveDetailed();
        _scrubber = Scrubber.Create(options.Scrub);
    }

    /// <summary>The compact description, or throws what <see cref="JsonDocument"/> throws.</summary>
    public byte[] Describe(ReadOnlyMemory<byte> utf8Json)
    {
        ReadOnlyMemory<byte> json = utf8Json.Span.StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json;
        using JsonDocument document = JsonDocument.Parse(json, DocumentOptions);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidEventException("The event's root is not a JSON object");
        }

        using var output = new PooledByteBufferWriter(Math.Min(json.Length, 16 * 1024));
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            new BaselineDescriptionWriter(writer, _options.MaxExceptions, _options.MaxFrames, _detailed, _scrubber).Write(document.RootElement);
        }

        return output.WrittenSpan.ToArray();
    }
}
