using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EventAi.Benchmarks;

/// <summary>
/// Median time divided by the input size in bytes, read from a benchmark parameter (<c>SizeKb</c> in KiB
/// or <c>Bytes</c>): flat when time is linear. The median resists load spikes on a shared machine.
/// </summary>
/// <param name="sizeParameter">The parameter that holds the input size.</param>
/// <param name="bytesPerUnit">Bytes per unit of that parameter (1024 for KiB).</param>
internal sealed class NanosecondsPerByteColumn(string sizeParameter, int bytesPerUnit) : IColumn
{
    public string Id => nameof(NanosecondsPerByteColumn);

    public string ColumnName => "ns/byte";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median time per byte of input, in nanoseconds";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? median = summary[benchmarkCase]?.ResultStatistics?.Median;
        object? size = benchmarkCase.Parameters[sizeParameter];
        return median is { } nanoseconds && size is int units
            ? (nanoseconds / ((double)units * bytesPerUnit)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)
            : "-";
    }

    public override string ToString() => ColumnName;
}
