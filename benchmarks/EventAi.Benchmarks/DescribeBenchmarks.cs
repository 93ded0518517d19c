using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace EventAi.Benchmarks;

/// <summary>
/// Describe against two baselines over the same bytes in the same run: one bare
/// <see cref="Utf8JsonReader"/> pass, and <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> alone.
/// </summary>
[MemoryDiagnoser]
public class DescribeBenchmarks
{
    private readonly EventDescriber _describer = new();
    private readonly EventDescriber _unscrubbed = new(new DescribeOptions { Scrub = new ScrubOptions { Enabled = false } });
    private byte[] _json = [];

    [ParamsSource(nameof(Events))]
    public string Event { get; set; } = "";

    public static IEnumerable<string> Events() => BenchmarkEvents.Names();

    [GlobalSetup]
    public void Load() => _json = BenchmarkEvents.Load(Event);

    [Benchmark(Baseline = true)]
    public int BareReaderPass()
    {
        var reader = new Utf8JsonReader(_json, new JsonReaderOptions { MaxDepth = 256 });
        int tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark]
    public JsonValueKind JsonDocumentParse()
    {
        using JsonDocument document = JsonDocument.Parse(_json, new JsonDocumentOptions { MaxDepth = 256 });
        return document.RootElement.ValueKind;
    }

    [Benchmark]
    public int Describe() => _describer.Describe(_json).Utf8Json.Length;

    [Benchmark]
    public int DescribeWithoutScrubbing() => _unscrubbed.Describe(_json).Utf8Json.Length;
}
