using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EventAi.Benchmarks;

/// <summary>
/// Scrubbing time per input byte for the worst case of each rule family, from 16 KB to 1 MB: the
/// <c>ns/byte</c> column must stay flat (within 2x) as the size grows 64-fold. Each input is an
/// exception value of an event described with every rule, against the same event described without
/// scrubbing in the same run.
/// </summary>
[Config(typeof(PerByteConfig))]
[MemoryDiagnoser]
public class ScrubScalingBenchmarks
{
    private static readonly Dictionary<string, Func<int, string>> Families = new()
    {
        ["long quoted secret-like value"] = n => "password = \"" + Repeat("a.", n) + "\"",
        ["quoted value, dashed, unclosed"] = n => "secret: '" + Repeat("a-b", n),
        ["dot-joined ids near token"] = n => "token \"" + Repeat("a1.", n) + "\"",
        ["many assignments"] = n => Repeat("password=abc123 token: x9 ", n),
        ["many emails"] = n => Repeat("a@b.cd ", n),
        ["url scheme run"] = n => Repeat("a.", n) + " :// @",
        ["jwt look-alikes"] = n => Repeat("-eyJ", n),
        ["card groups"] = n => Repeat("4111 ", n),
        ["connection strings"] = n => Repeat(";Password=a,", n),
        ["windows user paths"] = n => Repeat("C:\\Users\\a ", n),
    };

    // The budget is out of reach here: the figures are those of the rules, not of the budget cutting them short.
    private readonly EventDescriber _describer = new(new DescribeOptions { Scrub = new ScrubOptions { RuleTimeBudget = TimeSpan.FromMinutes(1) } });
    private readonly EventDescriber _unscrubbed = new(new DescribeOptions { Scrub = new ScrubOptions { Enabled = false } });
    private byte[] _json = [];

    [ParamsSource(nameof(FamilyNames))]
    public string Family { get; set; } = "";

    [Params(16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024)]
    public int Bytes { get; set; }

    public static IEnumerable<string> FamilyNames() => Families.Keys;

    [GlobalSetup]
    public void Create()
    {
        _json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { exception = new[] { new { type = "E", value = Families[Family](Bytes) } } }));
        EventDescription description = _describer.Describe(_json);
        if (description.Redactions.ContainsKey("TimeBudget"))
        {
            throw new InvalidOperationException($"'{Family}' at {Bytes} bytes ran out of the time budget: the figures would measure the budget, not the rules.");
        }
    }

    [Benchmark(Baseline = true)]
    public int WithoutScrubbing() => _unscrubbed.Describe(_json).Utf8Json.Length;

    [Benchmark]
    public int WithScrubbing() => _describer.Describe(_json).Utf8Json.Length;

    private static string Repeat(string piece, int length)
    {
        var builder = new StringBuilder(length + piece.Length);
        while (builder.Length < length)
        {
            builder.Append(piece);
        }

        return builder.ToString(0, length);
    }

    /// <summary>Adds the median time per input byte, the figure that must stay flat.</summary>
    private sealed class PerByteConfig : ManualConfig
    {
        public PerByteConfig() => AddColumn(new NanosecondsPerByteColumn(nameof(Bytes), bytesPerUnit: 1));
    }
}
