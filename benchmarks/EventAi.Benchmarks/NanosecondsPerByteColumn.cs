using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EventAi.Benchmarks;

/// <summary>Mean time divided by the input size in bytes (the <c>SizeKb</c> parameter): flat when time is linear.</summary>
internal sealed class NanosecondsPerByteColumn : IColumn
{
    public string Id => nameof(NanosecondsPerByteColumn);

    public string ColumnName => "ns/byte";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Mean time per byte of input, in nanoseconds";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        object? size = benchmarkCase.Parameters["SizeKb"];
        return mean is { } nanoseconds && size is int kb
            ? (nanoseconds / (kb * 1024.0)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)
            : "-";
    }

    public override string ToString() => ColumnName;
}
