using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>Writes a .NET exception chain as a Sentry event payload, so it is described by the same rules.</summary>
internal static class ExceptionEventWriter
{
    public static byte[] Write(IReadOnlyList<ExceptionRecord> newestFirst, bool unhandled, IReadOnlyList<string> notInAppPrefixes)
    {
        var sources = new SourceContextReader();
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
                WriteException(writer, newestFirst[i], unhandled && i == 0, notInAppPrefixes, sources);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteException(Utf8JsonWriter writer, ExceptionRecord exception, bool unhandled, IReadOnlyList<string> notInAppPrefixes, SourceContextReader sources)
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

        if (exception.Frames.Count > 0)
        {
            writer.WriteStartObject("stacktrace"u8);
            writer.WriteStartArray("frames"u8);
            for (int i = exception.Frames.Count - 1; i >= 0; i--)
            {
                WriteFrame(writer, exception.Frames[i], notInAppPrefixes, sources);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteFrame(Utf8JsonWriter writer, ExceptionFrame frame, IReadOnlyList<string> notInAppPrefixes, SourceContextReader sources)
    {
        writer.WriteStartObject();
        WriteIfPresent(writer, "function"u8, frame.Function);
        WriteIfPresent(writer, "module"u8, frame.Module);
        WriteIfPresent(writer, "filename"u8, frame.FileName);
        if (frame.LineNumber is { } line)
        {
            writer.WriteNumber("lineno"u8, line);
        }

        writer.WriteBoolean("in_app"u8, IsInApp(frame.Module, notInAppPrefixes));
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

    /// <summary>App code unless the module is in a namespace of one of the prefixes (<c>System</c> covers <c>System.Linq</c>).</summary>
    internal static bool IsInApp(string? module, IReadOnlyList<string> notInAppPrefixes)
    {
        if (module is null)
        {
            return false;
        }

        foreach (string prefix in notInAppPrefixes)
        {
            if (module.StartsWith(prefix, StringComparison.Ordinal)
                && (module.Length == prefix.Length || module[prefix.Length] == '.' || prefix.EndsWith('.')))
            {
                return false;
            }
        }

        return true;
    }
}
