using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace EventAi.Benchmarks;

/// <summary>
/// Issue 10: time per input byte of the worst-case families from 16 KB to 1 MB, each against a linear
/// baseline over the same input in the same run (a <see cref="JsonDocument"/> parse, or a scan for line
/// ends). Flat ns/byte and a flat ratio mean linear time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class HostileScalingBenchmarks
{
    private readonly EventDescriber _cjkBudget = new(new DescribeOptions { MaxTokens = 500 });
    private readonly EventDescriber _manyBudget = new(new DescribeOptions { MaxExceptions = int.MaxValue, MaxTokens = 2000 });
    private readonly EventDescriber _text = new();
    private EventDescriber _cjkScaled = new();
    private byte[] _cjk = [];
    private byte[] _many = [];
    private string _lines = "";

    [Params(16, 64, 256, 1024)]
    public int SizeKb { get; set; }

    [GlobalSetup]
    public void Build()
    {
        _cjk = HostileInputs.CjkEvent(SizeKb * 1024);
        _cjkScaled = new EventDescriber(new DescribeOptions { MaxTokens = 64 * SizeKb });
        _many = HostileInputs.ManyExceptionsEvent(SizeKb * 1024);
        _lines = HostileInputs.ManyMessageLinesText(SizeKb * 1024);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("CJK run, 500-token budget")]
    public JsonValueKind CjkParse()
    {
        using JsonDocument document = JsonDocument.Parse(_cjk);
        return document.RootElement.ValueKind;
    }

    [Benchmark]
    [BenchmarkCategory("CJK run, 500-token budget")]
    public int CjkDescribe() => _cjkBudget.Describe(_cjk).Utf8Json.Length;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("CJK run, 64 tokens per KB")]
    public JsonValueKind CjkScaledParse()
    {
        using JsonDocument document = JsonDocument.Parse(_cjk);
        return document.RootElement.ValueKind;
    }

    // A budget that grows with the input, so the long run is counted in full at every size (the 500-token
    // budget above skips that from 64 KB on: no token is over 128 bytes, so 64 KB cannot fit 500 tokens).
    [Benchmark]
    [BenchmarkCategory("CJK run, 64 tokens per KB")]
    public int CjkScaledDescribe() => _cjkScaled.Describe(_cjk).Utf8Json.Length;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Many exceptions, 2000-token budget")]
    public JsonValueKind ManyExceptionsParse()
    {
        using JsonDocument document = JsonDocument.Parse(_many);
        return document.RootElement.ValueKind;
    }

    [Benchmark]
    [BenchmarkCategory("Many exceptions, 2000-token budget")]
    public int ManyExceptionsDescribe() => _manyBudget.Describe(_many).Utf8Json.Length;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Exception text, many message lines")]
    public int MessageLinesScan() => _lines.AsSpan().Count('\n');

    [Benchmark]
    [BenchmarkCategory("Exception text, many message lines")]
    public int MessageLinesDescribe() => _text.DescribeExceptionText(_lines).Utf8Json.Length;

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new NanosecondsPerByteColumn(nameof(SizeKb), bytesPerUnit: 1024));
    }
}
