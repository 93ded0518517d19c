using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>Writes a .NET exception chain as a Sentry event payload, so it is described by the same rules.</summary>
internal static class ExceptionEventWriter
{
    /// <summary>
    /// The event for a chain. Source lines come from <see cref="DescribeOptions.SourceRoots"/>, or the
    /// chain's own default roots when the options name none. The writer's encoder writes a lone surrogate
    /// as U+FFFD, so text from an exception never makes writing fail.
    /// </summary>
    public static byte[] Write(ExceptionChain chain, bool unhandled, DescribeOptions options)
    {
        var sources = new SourceContextReader(options.SourceRoots ?? chain.DefaultSourceRoots);
        IReadOnlyList<ExceptionRecord> newestFirst = chain.NewestFirst;
        using var buffer = new PooledByteBufferWriter(4096);
        using (var writer = new Utf8JsonWriter(buffer, DescriptionJson.CompactWriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("platform"u8, "csharp"u8);
            writer.WriteStartObject("exception"u8);
            writer.WriteStartArray("values"u8);

            // The tracker orders exceptions oldest first; the one thrown last comes last.
            for (int i = newestFirst.Count - 1; i >= 0; i--)
            {
                WriteException(writer, newestFirst[i], unhandled && i == 0, sources);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteException(Utf8JsonWriter writer, ExceptionRecord exception, bool unhandled, SourceContextReader sources)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, exception.Type);
        writer.WriteString("value"u8, exception.Message);
        if (unhandled || exception.Data.Count > 0)
        {
            writer.WriteStartObject("mechanism"u8);
            if (unhandled)
            {
                writer.WriteBoolean("handled"u8, false);
            }

            if (exception.Data.Count > 0)
            {
                writer.WriteStartObject("meta"u8);
                foreach ((string key, string? value) in exception.Data)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        FrameList frames = exception.Frames;
        if (frames.Count > 0)
        {
            writer.WriteStartObject("stacktrace"u8);
            writer.WriteStartArray("frames"u8);
            for (int i = frames.Count - 1; i >= 0; i--)
            {
                if (frames[i] is { } frame)
                {
                    WriteFrame(writer, frame, frames.IsApp(i), sources);
                }
                else
                {
                    // A frame the trimmer cannot keep: only its kind counts, for which frames are kept and how many are left out.
                    writer.WriteStartObject();
                    writer.WriteBoolean("in_app"u8, frames.IsApp(i));
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteFrame(Utf8JsonWriter writer, ExceptionFrame frame, bool inApp, SourceContextReader sources)
    {
        writer.WriteStartObject();
        WriteIfPresent(writer, "function"u8, frame.Function);
        WriteIfPresent(writer, "module"u8, frame.Module);
        WriteIfPresent(writer, "filename"u8, frame.FileName);
        if (frame.LineNumber is { } line)
        {
            writer.WriteNumber("lineno"u8, line);
        }

        writer.WriteBoolean("in_app"u8, inApp);
        if (sources.Read(frame.FileName, frame.LineNumber) is var (before, code, after))
        {
            WriteLines(writer, "pre_context"u8, before);
            writer.WriteString("context_line"u8, code);
            WriteLines(writer, "post_context"u8, after);
        }

        writer.WriteEndObject();
    }

    private static void WriteLines(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string[] lines)
    {
        writer.WriteStartArray(name);
        foreach (string line in lines)
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
