using System.Collections;
using System.Globalization;

namespace EventAi;

/// <summary>
/// Flattens a live exception into the chain SPEC §2 expects: the exception thrown last first, then
/// what it wrapped (<see cref="Exception.InnerException"/>, and every inner exception of an
/// <see cref="AggregateException"/>), depth first.
/// </summary>
internal static class ExceptionChain
{
    private const int MaxExceptions = 64;

    public static IReadOnlyList<ExceptionRecord> NewestFirst(Exception exception)
    {
        var chain = new List<ExceptionRecord>();
        var seen = new HashSet<Exception>(ReferenceEqualityComparer.Instance);
        Visit(exception, chain, seen);
        return chain;
    }

    private static void Visit(Exception exception, List<ExceptionRecord> chain, HashSet<Exception> seen)
    {
        if (chain.Count >= MaxExceptions || !seen.Add(exception))
        {
            return;
        }

        chain.Add(new ExceptionRecord(
            exception.GetType().FullName ?? exception.GetType().Name, exception.Message, DotNetFrames.Of(exception), DataOf(exception)));

        if (exception is AggregateException aggregate)
        {
            foreach (Exception inner in aggregate.InnerExceptions)
            {
                Visit(inner, chain, seen);
            }
        }
        else if (exception.InnerException is { } inner)
        {
            Visit(inner, chain, seen);
        }
    }

    private static List<KeyValuePair<string, string?>> DataOf(Exception exception)
    {
        var data = new List<KeyValuePair<string, string?>>();
        try
        {
            foreach (DictionaryEntry entry in exception.Data)
            {
                data.Add(new(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "", Convert.ToString(entry.Value, CultureInfo.InvariantCulture)));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            // A Data dictionary that cannot be read describes nothing.
        }

        return data;
    }
}
