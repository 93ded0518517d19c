using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EventAi.Benchmarks.Baseline;

namespace EventAi.Benchmarks;

/// <summary>
/// Describe, bytes in to compact bytes out, per event and for the whole corpus, against two baselines
/// over the same bytes in the same run: one bare <see cref="Utf8JsonReader"/> pass over every token, and
/// <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> alone. The old path
/// (<see cref="BaselineDescriber"/>: a <see cref="JsonDocument"/> and a walk over its elements) and the
/// new single-pass engine each run with scrubbing on (the default) and off.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
[WarmupCount(3)]
[IterationCount(15)]
public class DescribeBenchmarks
{
    private static readonly DescribeOptions Unscrubbed = new() { Scrub = new ScrubOptions { Enabled = false } };
    private readonly EventDescriber _describer = new();
    private readonly EventDescriber _unscrubbed = new(Unscrubbed);
    private readonly BaselineDescriber _oldDescriber = new();
    private readonly BaselineDescriber _oldUnscrubbed = new(Unscrubbed);
    private byte[][] _events = [];

    [ParamsSource(nameof(Events))]
    public string Event { get; set; } = "";

    /// <summary>The whole corpus and each event; <c>EVENTAI_BENCH_EVENTS=corpus</c> runs the whole corpus only.</summary>
    public static IEnumerable<string> Events() =>
        Environment.GetEnvironmentVariable("EVENTAI_BENCH_EVENTS") == "corpus" ? [BenchmarkEvents.Corpus] : [BenchmarkEvents.Corpus, .. BenchmarkEvents.Names()];

    [GlobalSetup]
    public void Load() => _events = BenchmarkEvents.Load(Event);

    [Benchmark(Baseline = true)]
    public int BareReaderPass()
    {
        int tokens = 0;
        foreach (byte[] json in _events)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    [Benchmark]
    public int JsonDocumentParse()
    {
        int kinds = 0;
        foreach (byte[] json in _events)
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            kinds += (int)document.RootElement.ValueKind;
        }

        return kinds;
    }

    [Benchmark]
    public int DescribeOld()
    {
        int length = 0;
        foreach (byte[] json in _events)
        {
            length += _oldDescriber.Describe(json).Length;
        }

        return length;
    }

    [Benchmark]
    public int DescribeOldWithoutScrubbing()
    {
        int length = 0;
        foreach (byte[] json in _events)
        {
            length += _oldUnscrubbed.Describe(json).Length;
        }

        return length;
    }

    [Benchmark]
    public int DescribeNew()
    {
        int length = 0;
        foreach (byte[] json in _events)
        {
            length += _describer.Describe(json).Utf8Json.Length;
        }

        return length;
    }

    [Benchmark]
    public int DescribeNewWithoutScrubbing()
    {
        int length = 0;
        foreach (byte[] json in _events)
        {
            length += _unscrubbed.Describe(json).Utf8Json.Length;
        }

        return length;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new ThroughputColumn());
    }
}
