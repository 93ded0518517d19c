using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EventAi.Benchmarks;

/// <summary>Input bytes per second (GB/s, 10^9) of a describe benchmark: the size of its <c>Event</c> parameter over the mean time.</summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "GB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Input bytes per second, in 10^9 (event size / mean)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        Statistics? statistics = summary[benchmarkCase]?.ResultStatistics;
        object? name = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Event")?.Value;
        if (statistics is null || name is not string eventName)
        {
            return "-";
        }

        // Bytes per nanosecond is GB/s.
        return (BenchmarkEvents.Size(eventName) / statistics.Mean).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
