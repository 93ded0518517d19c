using System.Buffers;
using System.Text;
using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>
/// Writes the event description of SPEC §2 from an <see cref="EventOutline"/>: resolves which recorded
/// value each key comes from (ingestion name, legacy name, then the API shape's entry), reads the values
/// that were only recorded (API entries, the crashed thread), and copies values through the
/// <see cref="EventTextWriter"/>.
/// </summary>
internal ref struct DescriptionWriter
{
    private readonly ReadOnlySpan<byte> _json;
    private readonly Span<int> _index;
    private readonly EventOutline _outline;
    private readonly Utf8JsonWriter _writer;
    private readonly int _maxExceptions;
    private readonly int _maxFrames;
    private readonly bool _detailed;
    private EventTextWriter _text;
    private DescriptionStats _stats;

    public DescriptionWriter(
        ReadOnlySpan<byte> json, Span<int> index, EventOutline outline, Utf8JsonWriter writer, int maxExceptions, int maxFrames, bool detailed, Scrubber? scrubber)
    {
        _json = json;
        _index = index;
        _outline = outline;
        _writer = writer;
        _maxExceptions = maxExceptions;
        _maxFrames = maxFrames;
        _detailed = detailed;
        _text.Begin(json, index, writer, scrubber);
    }

    /// <summary>Writes the description and returns its counts.</summary>
    public DescriptionStats Write()
    {
        try
        {
            _writer.WriteStartObject();
            WriteMessage();
            WriteLanguage();

            ItemRun exceptions = ResolveExceptions();
            _writer.WritePropertyName("exceptions"u8);
            _writer.WriteStartArray();
            int first = Math.Max(0, exceptions.Count - _maxExceptions);
            for (int i = exceptions.Count - 1, num = 1; i >= first; i--, num++)
            {
                WriteException(_outline.ExceptionAt(exceptions.First + i), num);
            }

            _writer.WriteEndArray();
            _stats.Exceptions = exceptions.Count - first;

            if (_stats.Exceptions == 0)
            {
                WriteFrames(ResolveStacktrace(), crashFrameInFull: true);
            }

            _writer.WriteEndObject();
            return _stats;
        }
        finally
        {
            _text.Dispose();
        }
    }

    private void WriteMessage()
    {
        ValueRange logEntry = ValueRange.FirstPresent(ValueRange.FirstPresent(_outline.LogEntry, _outline.LegacyMessage), _outline.ApiMessage);
        if (IsTruthy(logEntry))
        {
            _text.WriteProperty("message"u8, logEntry, CopiedField.Message);
        }
        else if (IsTruthy(_outline.Message))
        {
            _text.WriteProperty("message"u8, _outline.Message, CopiedField.Message);
        }
    }

    private void WriteLanguage()
    {
        ValueRange platform = _outline.Platform;
        bool other = platform.Kind == JsonValueKind.String && JsonString.DecodedEquals(_json[(platform.Start + 1)..(platform.End - 1)], "other"u8);
        if (IsTruthy(platform) && !other)
        {
            _text.WriteProperty("language"u8, platform, CopiedField.Language);
        }
    }

    private readonly ItemRun ResolveExceptions()
    {
        if (_outline.Exception.Source.IsPresent)
        {
            return _outline.Exception;
        }

        if (_outline.LegacyException.Source.IsPresent)
        {
            return _outline.LegacyException;
        }

        return _outline.ApiException.IsPresent
            ? new EventOutlineReader(_json, _index, _outline.ApiException, _outline).ReadExceptionInterface()
            : default;
    }

    private readonly ItemRun ResolveStacktrace()
    {
        if (_outline.Stacktrace.Source.IsPresent)
        {
            return _outline.Stacktrace;
        }

        if (_outline.LegacyStacktrace.Source.IsPresent)
        {
            return _outline.LegacyStacktrace;
        }

        return _outline.ApiStacktrace.IsPresent
            ? new EventOutlineReader(_json, _index, _outline.ApiStacktrace, _outline).ReadStacktrace()
            : default;
    }

    private void WriteException(ExceptionOutline exception, int num)
    {
        _writer.WriteStartObject();
        if (num > 1)
        {
            _writer.WriteBoolean("raised_during_handling_of_previous_exception"u8, true);
        }

        _writer.WriteNumber("num"u8, num);
        if (IsTruthy(exception.Type))
        {
            _text.WriteProperty("type"u8, exception.Type, CopiedField.ExceptionType);
        }

        if (exception.Value.IsDefined)
        {
            _text.WriteProperty("message"u8, exception.Value, CopiedField.ExceptionValue);
        }
        else
        {
            _writer.WriteNull("message"u8);
        }

        if (IsTruthy(exception.Meta))
        {
            _text.WriteProperty("exception_info"u8, exception.Meta, CopiedField.ExceptionInfo);
        }

        if (exception.Unhandled)
        {
            _writer.WriteBoolean("unhandled"u8, true);
        }

        ItemRun frames = exception.Frames.Count == 0 && num == 1 ? CrashedThreadFrames(exception) : exception.Frames;
        WriteFrames(frames, crashFrameInFull: num == 1);
        _writer.WriteEndObject();
    }

    // Native and mobile SDKs put the crashing stack on the thread rather than on the exception.
    private readonly ItemRun CrashedThreadFrames(in ExceptionOutline exception)
    {
        ValueRange threads = ValueRange.FirstPresent(_outline.Threads, _outline.ApiThreads);
        if (!threads.IsPresent)
        {
            return default;
        }

        ValueRange threadId = ValueRange.FirstPresent(exception.ThreadId, exception.ApiThreadId);
        ThreadStack stack = new EventOutlineReader(_json, _index, threads, _outline).FindThreadStack(threadId);
        return stack.Unread.IsDefined ? new EventOutlineReader(_json, _index, stack.Unread, _outline).ReadStacktrace() : stack.Frames;
    }

    private void WriteFrames(ItemRun frames, bool crashFrameInFull)
    {
        int total = frames.Count;
        if (total == 0 || _maxFrames < 1)
        {
            _stats.FramesTrimmed += total;
            return;
        }

        bool[] isApp = ArrayPool<bool>.Shared.Rent(total);
        int[] kept = ArrayPool<int>.Shared.Rent(total);
        try
        {
            // Most recent call first: the reverse of the order SDKs send.
            for (int i = 0; i < total; i++)
            {
                FrameOutline frame = _outline.FrameAt(frames.First + total - 1 - i);
                isApp[i] = IsTruthy(ValueRange.FirstPresent(frame.InApp, frame.ApiInApp));
            }

            int count = FrameTrimmer.SelectIndices(isApp.AsSpan(0, total), _maxFrames, kept);
            _stats.FramesTrimmed += total - count;
            _writer.WritePropertyName("stacktrace"u8);
            _writer.WriteStartArray();
            for (int k = 0; k < count; k++)
            {
                int recentFirst = kept[k];
                bool crash = recentFirst == 0;
                FrameOutline frame = _outline.FrameAt(frames.First + total - 1 - recentFirst);
                WriteFrame(frame, crash, isApp[recentFirst], fullContext: _detailed || (crash && crashFrameInFull));
            }

            _writer.WriteEndArray();
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(isApp);
            ArrayPool<int>.Shared.Return(kept);
        }
    }

    private void WriteFrame(in FrameOutline frame, bool crash, bool inApp, bool fullContext)
    {
        _writer.WriteStartObject();
        WriteIfPresent("func"u8, frame.Function, CopiedField.Function);
        WriteIfPresent("module"u8, frame.Module, CopiedField.Module);
        WriteIfPresent("file"u8, frame.Filename, CopiedField.File);
        WriteIfPresent("line"u8, ValueRange.FirstPresent(frame.LineNo, frame.ApiLineNo), CopiedField.Line);
        if (inApp)
        {
            _writer.WriteBoolean("in_app"u8, true);
        }

        if (crash)
        {
            _writer.WriteString("crash"u8, "here"u8);
        }

        FrameSource source = FrameSource.Of(frame, _json, _index, _outline);
        try
        {
            _text.StartSourceLines();
            if (fullContext)
            {
                WriteFullContext(ref source);
            }
            else
            {
                SkipLinesBefore(ref source);
                WriteTrimmedCode(source.Line);
            }
        }
        finally
        {
            source.Dispose();
        }

        _writer.WriteEndObject();
    }

    private void WriteFullContext(ref FrameSource source)
    {
        if (source.FromPairs ? source.BeforeCount > 0 : IsTruthy(source.Before))
        {
            _writer.WritePropertyName("code_before"u8);
            WriteLines(ref source, source.Before, before: true);
        }

        if (source.Line.Kind == JsonValueKind.String)
        {
            _text.WriteProperty("code"u8, source.Line, CopiedField.Code);
        }
        else
        {
            _writer.WriteString("code"u8, ""u8);
        }

        if (source.FromPairs ? source.AfterCount > 0 : IsTruthy(source.After))
        {
            _writer.WritePropertyName("code_after"u8);
            WriteLines(ref source, source.After, before: false);
        }
    }

    private void WriteLines(ref FrameSource source, ValueRange lines, bool before)
    {
        if (!source.FromPairs)
        {
            _text.WriteValue(lines, CopiedField.Code);
            return;
        }

        _writer.WriteStartArray();
        int count = before ? source.BeforeCount : source.AfterCount;
        for (int i = 0; i < count; i++)
        {
            _text.WriteValue(before ? source.BeforeAt(i) : source.AfterAt(i), CopiedField.Code);
        }

        _writer.WriteEndArray();
    }

    // The code line alone is written, but the lines before it tell whether it is inside a private key block.
    private void SkipLinesBefore(ref FrameSource source)
    {
        if (!source.FromPairs)
        {
            _text.SkipSourceLines(source.Before);
            return;
        }

        for (int i = 0; i < source.BeforeCount; i++)
        {
            _text.SkipSourceLines(source.BeforeAt(i));
        }
    }

    private void WriteTrimmedCode(ValueRange contextLine)
    {
        if (contextLine.Kind != JsonValueKind.String)
        {
            _writer.WriteString("code"u8, ""u8);
            return;
        }

        // Minified code ({snip} marks a cut line) says nothing to the model.
        ReadOnlySpan<byte> code = TrimWhiteSpace(_text.Decode(contextLine));
        if (code.IndexOf("{snip}"u8) < 0)
        {
            _writer.WritePropertyName("code"u8);
            _text.WriteString(code, CopiedField.Code);
        }
    }

    private void WriteIfPresent(ReadOnlySpan<byte> name, ValueRange value, CopiedField field)
    {
        if (value.IsPresent)
        {
            _text.WriteProperty(name, value, field);
        }
    }

    /// <summary>Present and not <c>null</c>, <c>false</c>, <c>0</c>, <c>""</c>, <c>[]</c> or <c>{}</c>.</summary>
    private readonly bool IsTruthy(ValueRange value) => value.Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => !JsonNumber.IsZero(_json[value.Start..value.End]),
        JsonValueKind.String => value.End - value.Start > 2,
        JsonValueKind.Object or JsonValueKind.Array => _json[(value.Start + 1)..(value.End - 1)].IndexOfAnyExcept(" \t\r\n"u8) >= 0,
        _ => false,
    };

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
}
