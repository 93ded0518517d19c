using System.Buffers;
using System.Text;
using System.Text.Json;
using EventAi.Json;

namespace EventAi.Benchmarks.Baseline;

/// <summary>Writes the event description of SPEC §2 for one event object.</summary>
internal readonly ref struct BaselineDescriptionWriter
{
    private readonly Utf8JsonWriter _writer;
    private readonly int _maxExceptions;
    private readonly int _maxFrames;
    private readonly bool _detailed;
    private readonly Scrubber? _scrubber;

    public BaselineDescriptionWriter(Utf8JsonWriter writer, int maxExceptions, int maxFrames, bool detailed, Scrubber? scrubber)
    {
        _writer = writer;
        _maxExceptions = maxExceptions;
        _maxFrames = maxFrames;
        _detailed = detailed;
        _scrubber = scrubber;
    }

    /// <summary>Writes the description and returns how many frames the trimmer left out.</summary>
    public DescriptionStats Write(JsonElement root)
    {
        var stats = new DescriptionStats();
        _writer.WriteStartObject();
        WriteMessage(root);
        WriteLanguage(root);

        using PooledList<JsonElement> exceptions = CollectExceptions(root);
        _writer.WritePropertyName("exceptions"u8);
        _writer.WriteStartArray();
        int first = Math.Max(0, exceptions.Count - _maxExceptions);
        for (int i = exceptions.Count - 1, num = 1; i >= first; i--, num++)
        {
            WriteException(root, exceptions.Span[i], num, ref stats);
        }

        _writer.WriteEndArray();
        stats.Exceptions = exceptions.Count - first;

        if (stats.Exceptions == 0)
        {
            JsonElement stacktrace = BaselineJsonValues.PropertyOrLegacy(root, "stacktrace"u8, "sentry.interfaces.Stacktrace"u8);
            using PooledList<JsonElement> frames = CollectObjects(BaselineJsonValues.Property(stacktrace, "frames"u8));
            WriteFrames(frames.Span, crashFrameInFull: true, ref stats);
        }

        _writer.WriteEndObject();
        return stats;
    }

    private void WriteMessage(JsonElement root)
    {
        JsonElement logEntry = BaselineJsonValues.PropertyOrLegacy(root, "logentry"u8, "sentry.interfaces.Message"u8);
        if (BaselineJsonValues.IsTruthy(logEntry))
        {
            BaselineJsonCopier.WriteProperty(_writer, "message"u8, logEntry, _scrubber);
            return;
        }

        JsonElement message = BaselineJsonValues.Property(root, "message"u8);
        if (BaselineJsonValues.IsTruthy(message))
        {
            BaselineJsonCopier.WriteProperty(_writer, "message"u8, message, _scrubber);
        }
    }

    private void WriteLanguage(JsonElement root)
    {
        JsonElement platform = BaselineJsonValues.Property(root, "platform"u8);
        if (BaselineJsonValues.IsTruthy(platform) && !BaselineJsonValues.StringEquals(platform, "other"u8))
        {
            BaselineJsonCopier.WriteProperty(_writer, "language"u8, platform);
        }
    }

    private static PooledList<JsonElement> CollectExceptions(JsonElement root)
    {
        JsonElement exception = BaselineJsonValues.PropertyOrLegacy(root, "exception"u8, "sentry.interfaces.Exception"u8);
        JsonElement values = exception.ValueKind == JsonValueKind.Array ? exception : BaselineJsonValues.Property(exception, "values"u8);
        return CollectObjects(values);
    }

    private static PooledList<JsonElement> CollectObjects(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return new PooledList<JsonElement>(0);
        }

        var objects = new PooledList<JsonElement>(array.GetArrayLength());
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                objects.Add(item);
            }
        }

        return objects;
    }

    private void WriteException(JsonElement root, JsonElement exception, int num, ref DescriptionStats stats)
    {
        _writer.WriteStartObject();
        if (num > 1)
        {
            _writer.WriteBoolean("raised_during_handling_of_previous_exception"u8, true);
        }

        _writer.WriteNumber("num"u8, num);

        JsonElement type = BaselineJsonValues.Property(exception, "type"u8);
        if (BaselineJsonValues.IsTruthy(type))
        {
            BaselineJsonCopier.WriteProperty(_writer, "type"u8, type);
        }

        JsonElement value = BaselineJsonValues.Property(exception, "value"u8);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            _writer.WriteNull("message"u8);
        }
        else
        {
            BaselineJsonCopier.WriteProperty(_writer, "message"u8, value, _scrubber);
        }

        JsonElement mechanism = BaselineJsonValues.Property(exception, "mechanism"u8);
        JsonElement meta = BaselineJsonValues.Property(mechanism, "meta"u8);
        if (BaselineJsonValues.IsTruthy(meta))
        {
            BaselineJsonCopier.WriteProperty(_writer, "exception_info"u8, meta, _scrubber);
        }

        if (BaselineJsonValues.Property(mechanism, "handled"u8).ValueKind == JsonValueKind.False)
        {
            _writer.WriteBoolean("unhandled"u8, true);
        }

        JsonElement stacktrace = BaselineJsonValues.Property(exception, "stacktrace"u8);
        PooledList<JsonElement> frames = CollectObjects(BaselineJsonValues.Property(stacktrace, "frames"u8));
        try
        {
            if (frames.Count == 0 && num == 1)
            {
                frames.Dispose();
                frames = CollectObjects(CrashedThreadFrames(root, exception));
            }

            WriteFrames(frames.Span, crashFrameInFull: num == 1, ref stats);
        }
        finally
        {
            frames.Dispose();
        }

        _writer.WriteEndObject();
    }

    // Native and mobile SDKs put the crashing stack on the thread rather than on the exception.
    private static JsonElement CrashedThreadFrames(JsonElement root, JsonElement exception)
    {
        JsonElement threads = BaselineJsonValues.Property(BaselineJsonValues.Property(root, "threads"u8), "values"u8);
        if (threads.ValueKind != JsonValueKind.Array)
        {
            return default;
        }

        JsonElement threadId = BaselineJsonValues.Property(exception, "thread_id"u8);
        JsonElement crashed = default;
        int crashedCount = 0;
        foreach (JsonElement thread in threads.EnumerateArray())
        {
            if (thread.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            JsonElement id = BaselineJsonValues.Property(thread, "id"u8);
            if (BaselineJsonValues.IsPresent(threadId) && id.ValueKind != JsonValueKind.Undefined && JsonElement.DeepEquals(id, threadId))
            {
                return ThreadFrames(thread);
            }

            if (BaselineJsonValues.Property(thread, "crashed"u8).ValueKind == JsonValueKind.True)
            {
                crashed = thread;
                crashedCount++;
            }
        }

        return crashedCount == 1 ? ThreadFrames(crashed) : default;
    }

    private static JsonElement ThreadFrames(JsonElement thread) =>
        BaselineJsonValues.Property(BaselineJsonValues.Property(thread, "stacktrace"u8), "frames"u8);

    private void WriteFrames(ReadOnlySpan<JsonElement> framesOldestFirst, bool crashFrameInFull, ref DescriptionStats stats)
    {
        int total = framesOldestFirst.Length;
        if (total == 0 || _maxFrames < 1)
        {
            stats.FramesTrimmed += total;
            return;
        }

        using var isApp = new PooledList<bool>(total);
        for (int i = total - 1; i >= 0; i--)
        {
            isApp.Add(BaselineJsonValues.IsTruthy(BaselineJsonValues.Property(framesOldestFirst[i], "in_app"u8)));
        }

        int[] keptIndices = ArrayPool<int>.Shared.Rent(total);
        try
        {
            int count = FrameTrimmer.SelectIndices(isApp.Span, _maxFrames, keptIndices);
            WriteKeptFrames(framesOldestFirst, isApp.Span, keptIndices.AsSpan(0, count), crashFrameInFull, ref stats);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(keptIndices);
        }
    }

    private void WriteKeptFrames(
        ReadOnlySpan<JsonElement> framesOldestFirst, ReadOnlySpan<bool> isApp, ReadOnlySpan<int> keptIndices, bool crashFrameInFull, ref DescriptionStats stats)
    {
        int total = framesOldestFirst.Length;
        int count = keptIndices.Length;
        stats.FramesTrimmed += total - count;

        _writer.WritePropertyName("stacktrace"u8);
        _writer.WriteStartArray();
        for (int k = 0; k < count; k++)
        {
            int recentFirst = keptIndices[k];
            bool crash = recentFirst == 0;
            WriteFrame(framesOldestFirst[total - 1 - recentFirst], crash, isApp[recentFirst], fullContext: _detailed || (crash && crashFrameInFull));
        }

        _writer.WriteEndArray();
    }

    private void WriteFrame(JsonElement frame, bool crash, bool inApp, bool fullContext)
    {
        _writer.WriteStartObject();
        CopyIfPresent(frame, "function"u8, "func"u8);
        CopyIfPresent(frame, "module"u8, "module"u8);
        CopyIfPresent(frame, "filename"u8, "file"u8);
        CopyIfPresent(frame, "lineno"u8, "line"u8);
        if (inApp)
        {
            _writer.WriteBoolean("in_app"u8, true);
        }

        if (crash)
        {
            _writer.WriteString("crash"u8, "here"u8);
        }

        JsonElement contextLine = BaselineJsonValues.Property(frame, "context_line"u8);
        if (fullContext)
        {
            CopyIfTruthy(frame, "pre_context"u8, "code_before"u8);
            if (contextLine.ValueKind == JsonValueKind.String)
            {
                BaselineJsonCopier.WriteProperty(_writer, "code"u8, contextLine, _scrubber);
            }
            else
            {
                _writer.WriteString("code"u8, ""u8);
            }

            CopyIfTruthy(frame, "post_context"u8, "code_after"u8);
        }
        else
        {
            WriteTrimmedCode(contextLine);
        }

        _writer.WriteEndObject();
    }

    private void WriteTrimmedCode(JsonElement contextLine)
    {
        if (contextLine.ValueKind != JsonValueKind.String)
        {
            _writer.WriteString("code"u8, ""u8);
            return;
        }

        ReadOnlySpan<byte> utf8 = BaselineJsonCopier.UnescapedUtf8(contextLine, out bool hasEscapes);
        if (!hasEscapes)
        {
            WriteCode(_writer, utf8, _scrubber);
            return;
        }

        byte[]? unescaped = BaselineJsonCopier.RentUnescaped(contextLine, out int length);
        if (unescaped is null)
        {
            // Escapes that decode to no valid text: the line is passed on as the sender wrote it.
            _writer.WritePropertyName("code"u8);
            BaselineJsonCopier.WriteValue(_writer, contextLine);
            return;
        }

        WriteCode(_writer, unescaped.AsSpan(0, length), _scrubber);
        ArrayPool<byte>.Shared.Return(unescaped);
    }

    private static void WriteCode(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8, Scrubber? scrubber)
    {
        ReadOnlySpan<byte> trimmed = TrimWhiteSpace(utf8);
        if (trimmed.IndexOf("{snip}"u8) < 0)
        {
            writer.WritePropertyName("code"u8);
            BaselineJsonCopier.WriteText(writer, trimmed, scrubber);
        }
    }

    /// <summary>Trims white space as <see cref="string.Trim()"/> does, without decoding ASCII-bounded text.</summary>
    private static ReadOnlySpan<byte> TrimWhiteSpace(ReadOnlySpan<byte> utf8)
    {
        ReadOnlySpan<byte> trimmed = TrimAsciiWhiteSpace(utf8);
        while (!trimmed.IsEmpty && trimmed[0] >= 0x80
            && Rune.DecodeFromUtf8(trimmed, out Rune first, out int length) == OperationStatus.Done && Rune.IsWhiteSpace(first))
        {
            trimmed = TrimAsciiWhiteSpace(trimmed[length..]);
        }

        while (!trimmed.IsEmpty && trimmed[^1] >= 0x80
            && Rune.DecodeLastFromUtf8(trimmed, out Rune last, out int length) == OperationStatus.Done && Rune.IsWhiteSpace(last))
        {
            trimmed = TrimAsciiWhiteSpace(trimmed[..^length]);
        }

        return trimmed;
    }

    private static ReadOnlySpan<byte> TrimAsciiWhiteSpace(ReadOnlySpan<byte> utf8)
    {
        int start = 0;
        int end = utf8.Length;
        while (start < end && IsAsciiWhiteSpace(utf8[start]))
        {
            start++;
        }

        while (end > start && IsAsciiWhiteSpace(utf8[end - 1]))
        {
            end--;
        }

        return utf8[start..end];
    }

    private static bool IsAsciiWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private void CopyIfPresent(JsonElement frame, ReadOnlySpan<byte> sourceName, ReadOnlySpan<byte> targetName)
    {
        JsonElement value = BaselineJsonValues.Property(frame, sourceName);
        if (BaselineJsonValues.IsPresent(value))
        {
            BaselineJsonCopier.WriteProperty(_writer, targetName, value);
        }
    }

    private void CopyIfTruthy(JsonElement frame, ReadOnlySpan<byte> sourceName, ReadOnlySpan<byte> targetName)
    {
        JsonElement value = BaselineJsonValues.Property(frame, sourceName);
        if (BaselineJsonValues.IsTruthy(value))
        {
            BaselineJsonCopier.WriteProperty(_writer, targetName, value, _scrubber);
        }
    }
}
