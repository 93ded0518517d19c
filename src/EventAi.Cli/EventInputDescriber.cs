using System.Globalization;
using System.Text;

namespace EventAi.Cli;

/// <summary>
/// Describes what the user gave: a Sentry event (JSON), or for the demo the text of a .NET exception as
/// printed by <c>Exception.ToString()</c> (anything that does not start with <c>{</c> or <c>[</c>).
/// </summary>
internal static class EventInputDescriber
{
    /// <summary>
    /// Where the source lines of an exception text's frames may be read from: the current directory, so
    /// a text file naming <c>/etc/passwd</c> or <c>/proc/self/environ</c> reads nothing.
    /// </summary>
    public static IReadOnlyList<string> SourceRoots => [Environment.CurrentDirectory];

    /// <summary>The description, or null after writing to standard error why there is none, in the CLI's own words.</summary>
    public static async Task<EventDescription?> TryDescribeAsync(EventDescriber describer, byte[] input, string path, CliConsole console)
    {
        (EventDescription? description, string? problem) = TryDescribe(describer, input);
        if (problem is not null)
        {
            await console.Error.WriteLineAsync($"eventai: {EventInput.DisplayName(path)}: {problem}").ConfigureAwait(false);
        }

        return description;
    }

    /// <summary>The description, or null and why there is none (not JSON, over the token budget...), in the CLI's own words.</summary>
    public static (EventDescription? Description, string? Problem) TryDescribe(EventDescriber describer, byte[] input)
    {
        try
        {
            return (Describe(describer, input), null);
        }
        catch (TokenBudgetExceededException e)
        {
            return (null, string.Create(
                CultureInfo.InvariantCulture, $"the description needs at least {e.MinimumTokens} tokens, more than --max-tokens {e.Budget} allows."));
        }
        catch (InvalidEventException e)
        {
            return (null, e.Message);
        }
    }

    public static EventDescription Describe(EventDescriber describer, byte[] input)
    {
        ReadOnlySpan<byte> span = input.AsSpan();
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        int first = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && span[first] is not ((byte)'{' or (byte)'['))
        {
            try
            {
                return describer.DescribeExceptionText(Encoding.UTF8.GetString(span));
            }
            catch (InvalidEventException)
            {
                // Neither an exception text nor JSON: the JSON error below says where it went wrong.
            }
        }

        return describer.Describe(input);
    }
}
