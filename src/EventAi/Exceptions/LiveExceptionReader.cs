using System.Collections;
using System.Globalization;
using System.Reflection;

namespace EventAi;

/// <summary>
/// Flattens a live exception into the chain SPEC §2 expects: the exception thrown last first, then
/// what it wrapped (<see cref="Exception.InnerException"/>, and every inner exception of an
/// <see cref="AggregateException"/>), depth first. Never throws: members of an exception run the
/// exception's own code (<see cref="Exception.Message"/>, <see cref="Exception.Data"/>, the
/// <see cref="object.ToString"/> of its values), and what fails there is described, not raised.
/// </summary>
internal static class LiveExceptionReader
{
    // Entries of Exception.Data read per exception; a dictionary could enumerate for ever.
    private const int MaxDataEntries = 64;

    public static ExceptionChain Read(Exception exception, DescribeOptions options)
    {
        var chain = new List<ExceptionRecord>();
        var modules = new HashSet<Module>();
        var seen = new HashSet<Exception>(ReferenceEqualityComparer.Instance);
        int limit = Math.Min(options.MaxExceptions, ExceptionChain.MaxLiveExceptions);
        var context = new Context(chain, modules, seen, limit, options.MaxFrames, [.. options.NotInAppPrefixes]);
        Visit(exception, context);
        return new ExceptionChain(chain, PdbSourceDirectories.Of(modules));
    }

    private static void Visit(Exception exception, Context context)
    {
        if (context.Chain.Count >= context.Limit || !context.Seen.Add(exception))
        {
            return;
        }

        context.Chain.Add(new ExceptionRecord(
            TypeName(exception),
            MessageOf(exception),
            DotNetFrames.Of(exception, context.MaxFrames, context.NotInAppPrefixes, context.Modules),
            DataOf(exception)));

        foreach (Exception inner in InnerOf(exception))
        {
            if (context.Chain.Count >= context.Limit)
            {
                break;
            }

            Visit(inner, context);
        }
    }

    private static string TypeName(Exception exception)
    {
        Type type = exception.GetType();
        return type.FullName ?? type.Name;
    }

    private static string? MessageOf(Exception exception)
    {
        try
        {
            return exception.Message;
        }
        catch (Exception e)
        {
            // The exception's own code failed: say so rather than fail the description.
            return $"(its Message threw {e.GetType().FullName})";
        }
    }

    private static IEnumerable<Exception> InnerOf(Exception exception)
    {
        var inner = new List<Exception>();
        try
        {
            if (exception is AggregateException aggregate)
            {
                foreach (Exception item in aggregate.InnerExceptions)
                {
                    if (item is not null)
                    {
                        inner.Add(item);
                    }

                    if (inner.Count >= ExceptionChain.MaxLiveExceptions)
                    {
                        break;
                    }
                }
            }
            else if (exception.InnerException is { } wrapped)
            {
                inner.Add(wrapped);
            }
        }
        catch (Exception)
        {
            // An aggregate whose list cannot be read wraps nothing the description can show.
        }

        return inner;
    }

    private static List<KeyValuePair<string, string?>> DataOf(Exception exception)
    {
        var data = new List<KeyValuePair<string, string?>>();
        try
        {
            IDictionary dictionary = exception.Data;
            if (dictionary is null)
            {
                return data;
            }

            IDictionaryEnumerator entries = dictionary.GetEnumerator();
            while (data.Count < MaxDataEntries && entries.MoveNext())
            {
                DictionaryEntry entry = entries.Entry;
                data.Add(new(StringOf(entry.Key) ?? "", StringOf(entry.Value)));
            }
        }
        catch (Exception)
        {
            // A Data dictionary that cannot be read (further) describes what was read so far.
        }

        return data;
    }

    private static string? StringOf(object? value)
    {
        try
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        catch (Exception e)
        {
            return $"(its ToString threw {e.GetType().FullName})";
        }
    }

    private sealed record Context(
        List<ExceptionRecord> Chain, HashSet<Module> Modules, HashSet<Exception> Seen, int Limit, int MaxFrames, IReadOnlyList<string> NotInAppPrefixes);
}
