using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace EventAi.Fuzz;

/// <summary>The targets by name: <c>describe</c>, <c>describe-budget</c> and <c>exception-text</c>.</summary>
internal static class FuzzTargets
{
    private static readonly Dictionary<string, FuzzTarget> Targets = new(StringComparer.Ordinal)
    {
        ["describe"] = DescribeTarget.Run,
        ["describe-budget"] = DescribeBudgetTarget.Run,
        ["exception-text"] = ExceptionTextTarget.Run,
    };

    public static IEnumerable<string> Names => Targets.Keys;

    public static bool TryGet(string name, [NotNullWhen(true)] out FuzzTarget? target) => Targets.TryGetValue(name, out target);

    /// <summary>The input as text the way a caller would decode it: invalid UTF-8 becomes U+FFFD.</summary>
    public static string Text(byte[] input) => Encoding.UTF8.GetString(input);
}
