using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>
/// The forward pass over an event: walks it once with a <see cref="JsonScanner"/>, descends only into
/// the values SPEC §2 reads (the exception interfaces, their exceptions and frames, the top-level stack
/// traces, the entries of the API shape) and records their ranges in an <see cref="EventOutline"/>;
/// every other value is skipped, which still checks it is valid JSON.
/// </summary>
/// <remarks>
/// Where a key repeats, the last one wins, as with <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>.
/// The same reader reads a recorded range afterwards (an API entry's data, a thread's stack trace).
/// </remarks>
internal ref struct EventOutlineReader
{
    // The keys each kind of object is read for; the values of all others are skipped.
    private static readonly ulong TopLevelKeys = KeySet([EventKey.Exception, EventKey.LegacyException, EventKey.Stacktrace, EventKey.LegacyStacktrace, EventKey.LogEntry, EventKey.LegacyMessage, EventKey.Message, EventKey.Platform, EventKey.Threads, EventKey.Entries]);
    private static readonly ulong InterfaceKeys = KeySet([EventKey.Values]);
    private static readonly ulong StacktraceKeys = KeySet([EventKey.Frames]);
    private static readonly ulong EntryKeys = KeySet([EventKey.Type, EventKey.Data]);
    private static readonly ulong ExceptionKeys = KeySet([EventKey.Type, EventKey.Value, EventKey.ThreadId, EventKey.ApiThreadId, EventKey.Mechanism, EventKey.Stacktrace]);
    private static readonly ulong MechanismKeys = KeySet([EventKey.Meta, EventKey.Handled]);
    private static readonly ulong FrameKeys = KeySet([EventKey.Function, EventKey.Module, EventKey.Filename, EventKey.LineNo, EventKey.ApiLineNo, EventKey.InApp, EventKey.ApiInApp, EventKey.ContextLine, EventKey.PreContext, EventKey.PostContext, EventKey.Context]);
    private static readonly ulong ThreadKeys = KeySet([EventKey.Id, EventKey.Crashed, EventKey.Stacktrace]);

    private readonly EventOutline _outline;
    private JsonScanner _scanner;

    /// <summary>A reader for a whole event; checks it is UTF-8 JSON.</summary>
    public EventOutlineReader(ReadOnlySpan<byte> json, Span<int> index, EventOutline outline)
    {
        _scanner.Begin(json, index, 0, json.Length, checkUtf8: true);
        _outline = outline;
    }

    /// <summary>A reader for one recorded value of an event already read.</summary>
    public EventOutlineReader(ReadOnlySpan<byte> json, Span<int> index, ValueRange value, EventOutline outline)
    {
        _scanner.Begin(json, index, value.Start, value.End, checkUtf8: false);
        _outline = outline;
        _scanner.ReadNext();
    }

    /// <summary>
    /// Reads the whole event into the outline. Returns <c>false</c> (having checked the whole input)
    /// when its root is not an object, with the root's kind and offset.
    /// </summary>
    /// <exception cref="MalformedJsonException">The input is not JSON, or nests too deeply.</exception>
    public bool ReadEvent(out JsonValueKind rootKind, out int rootOffset)
    {
        _scanner.ReadNext();
        rootKind = KindOf(_scanner.Kind);
        rootOffset = _scanner.Start;
        if (_scanner.Kind != JsonTokenKind.StartObject)
        {
            _scanner.Skip();
            while (_scanner.Read())
            {
            }

            return false;
        }

        while (NextProperty(out EventKey key, TopLevelKeys))
        {
            switch (key)
            {
                case EventKey.Exception:
                    _outline.Exception = ReadExceptionInterface();
                    break;
                case EventKey.LegacyException:
                    _outline.LegacyException = ReadExceptionInterface();
                    break;
                case EventKey.Stacktrace:
                    _outline.Stacktrace = ReadStacktrace();
                    break;
                case EventKey.LegacyStacktrace:
                    _outline.LegacyStacktrace = ReadStacktrace();
                    break;
                case EventKey.LogEntry:
                    _outline.LogEntry = Capture();
                    break;
                case EventKey.LegacyMessage:
                    _outline.LegacyMessage = Capture();
                    break;
                case EventKey.Message:
                    _outline.Message = Capture();
                    break;
                case EventKey.Platform:
                    _outline.Platform = Capture();
                    break;
                case EventKey.Threads:
                    _outline.Threads = Capture();
                    break;
                case EventKey.Entries:
                    ReadEntries();
                    break;
            }
        }

        // Only white space may follow the root object.
        while (_scanner.Read())
        {
        }

        return true;
    }

    /// <summary>
    /// Reads an exception interface (<c>{"values": [...]}</c>, or the legacy bare array) standing on its
    /// first token, collecting its exception objects.
    /// </summary>
    public ItemRun ReadExceptionInterface()
    {
        int start = _scanner.Start;
        JsonValueKind kind = KindOf(_scanner.Kind);
        int first = _outline.ExceptionCount;
        if (_scanner.Kind == JsonTokenKind.StartArray)
        {
            ReadExceptionValues();
        }
        else if (_scanner.Kind == JsonTokenKind.StartObject)
        {
            while (NextProperty(out _, InterfaceKeys))
            {
                // The last "values" wins.
                _outline.TruncateExceptions(first);
                ReadExceptionValues();
            }
        }

        return new ItemRun(new ValueRange(start, _scanner.End, kind), first, _outline.ExceptionCount - first);
    }

    /// <summary>Reads a stack trace object standing on its first token, collecting the frame objects of its <c>frames</c>.</summary>
    public ItemRun ReadStacktrace()
    {
        int start = _scanner.Start;
        JsonValueKind kind = KindOf(_scanner.Kind);
        int first = _outline.FrameCount;
        if (_scanner.Kind == JsonTokenKind.StartObject)
        {
            while (NextProperty(out _, StacktraceKeys))
            {
                // The last "frames" wins.
                _outline.TruncateFrames(first);
                ReadFrames();
            }
        }
        else
        {
            _scanner.Skip();
        }

        return new ItemRun(new ValueRange(start, _scanner.End, kind), first, _outline.FrameCount - first);
    }

    /// <summary>
    /// Reads the threads interface (<c>{"values": [...]}</c>) standing on its first token and picks the
    /// thread SPEC §2 takes frames from: the first whose <c>id</c> equals <paramref name="threadId"/>
    /// (when given), else the only one with <c>crashed: true</c>. A candidate's frames are read on the way
    /// when its <c>id</c> or <c>crashed</c> comes before its <c>stacktrace</c> (as Sentry writes them);
    /// otherwise its stack trace's range is returned, to be read with <see cref="ReadStacktrace"/>.
    /// </summary>
    public ThreadStack FindThreadStack(ValueRange threadId)
    {
        ThreadStack found = default;
        if (_scanner.Kind != JsonTokenKind.StartObject)
        {
            return found;
        }

        ReadOnlySpan<byte> json = _scanner.Text;
        int threadIdHash = threadId.IsPresent ? JsonValueEquality.Hash(json, threadId.Start, threadId.End) : 0;
        while (NextProperty(out _, InterfaceKeys))
        {
            // The last "values" wins: what an earlier one found is forgotten.
            found = default;
            if (_scanner.Kind != JsonTokenKind.StartArray)
            {
                _scanner.Skip();
                continue;
            }

            bool matched = false;
            ThreadStack byId = default;
            ThreadStack crashed = default;
            int crashedCount = 0;
            while (NextItem())
            {
                if (_scanner.Kind != JsonTokenKind.StartObject)
                {
                    _scanner.Skip();
                    continue;
                }

                ThreadStack stack = ReadThread(threadId, threadIdHash, wanted: !matched, out bool idMatches, out bool isCrashed);
                if (!matched && idMatches)
                {
                    matched = true;
                    byId = stack;
                }

                if (isCrashed)
                {
                    crashed = stack;
                    crashedCount++;
                }
            }

            found = matched ? byId : crashedCount == 1 ? crashed : default;
        }

        return found;
    }

    /// <summary>Reads the <c>[line number, text]</c> pairs of an API frame's <c>context</c>.</summary>
    public void ReadContextPairs(ref PooledList<(ValueRange Number, ValueRange Text)> pairs)
    {
        if (_scanner.Kind != JsonTokenKind.StartArray)
        {
            _scanner.Skip();
            return;
        }

        while (NextItem())
        {
            if (_scanner.Kind != JsonTokenKind.StartArray)
            {
                _scanner.Skip();
                continue;
            }

            ValueRange number = default;
            ValueRange text = default;
            int position = 0;
            while (NextItem())
            {
                ValueRange item = Capture();
                if (position == 0)
                {
                    number = item;
                }
                else if (position == 1)
                {
                    text = item;
                }

                position++;
            }

            if (position >= 2)
            {
                pairs.Add((number, text));
            }
        }
    }

    private void ReadEntries()
    {
        if (_scanner.Kind != JsonTokenKind.StartArray)
        {
            _scanner.Skip();
            return;
        }

        while (NextItem())
        {
            if (_scanner.Kind != JsonTokenKind.StartObject)
            {
                _scanner.Skip();
                continue;
            }

            // Sentry writes "data" before "type", so the data is recorded and read once the type is known.
            ValueRange type = default;
            ValueRange data = default;
            while (NextProperty(out EventKey key, EntryKeys))
            {
                if (key == EventKey.Type)
                {
                    type = Capture();
                }
                else
                {
                    data = Capture();
                }
            }

            if (type.Kind == JsonValueKind.String)
            {
                RecordEntry(type, data);
            }
        }
    }

    private readonly void RecordEntry(ValueRange type, ValueRange data)
    {
        ReadOnlySpan<byte> json = _scanner.Text;
        ReadOnlySpan<byte> name = json[(type.Start + 1)..(type.End - 1)];
        if (JsonString.DecodedEquals(name, "exception"u8))
        {
            _outline.ApiException = _outline.ApiException.IsDefined ? _outline.ApiException : data;
        }
        else if (JsonString.DecodedEquals(name, "message"u8))
        {
            _outline.ApiMessage = _outline.ApiMessage.IsDefined ? _outline.ApiMessage : data;
        }
        else if (JsonString.DecodedEquals(name, "stacktrace"u8))
        {
            _outline.ApiStacktrace = _outline.ApiStacktrace.IsDefined ? _outline.ApiStacktrace : data;
        }
        else if (JsonString.DecodedEquals(name, "threads"u8))
        {
            _outline.ApiThreads = _outline.ApiThreads.IsDefined ? _outline.ApiThreads : data;
        }
    }

    private void ReadExceptionValues()
    {
        if (_scanner.Kind != JsonTokenKind.StartArray)
        {
            _scanner.Skip();
            return;
        }

        while (NextItem())
        {
            if (_scanner.Kind == JsonTokenKind.StartObject)
            {
                _outline.Add(ReadException());
            }
            else
            {
                _scanner.Skip();
            }
        }
    }

    private ExceptionOutline ReadException()
    {
        var exception = new ExceptionOutline { Frames = new ItemRun(default, _outline.FrameCount, 0) };
        while (NextProperty(out EventKey key, ExceptionKeys))
        {
            switch (key)
            {
                case EventKey.Type:
                    exception.Type = Capture();
                    break;
                case EventKey.Value:
                    exception.Value = Capture();
                    break;
                case EventKey.ThreadId:
                    exception.ThreadId = Capture();
                    break;
                case EventKey.ApiThreadId:
                    exception.ApiThreadId = Capture();
                    break;
                case EventKey.Mechanism:
                    ReadMechanism(ref exception);
                    break;
                case EventKey.Stacktrace:
                    exception.Frames = ReadStacktrace();
                    break;
            }
        }

        return exception;
    }

    private void ReadMechanism(ref ExceptionOutline exception)
    {
        exception.Meta = default;
        exception.Unhandled = false;
        if (_scanner.Kind != JsonTokenKind.StartObject)
        {
            _scanner.Skip();
            return;
        }

        while (NextProperty(out EventKey key, MechanismKeys))
        {
            if (key == EventKey.Meta)
            {
                exception.Meta = Capture();
            }
            else
            {
                exception.Unhandled = _scanner.Kind == JsonTokenKind.False;
                _scanner.Skip();
            }
        }
    }

    private void ReadFrames()
    {
        if (_scanner.Kind != JsonTokenKind.StartArray)
        {
            _scanner.Skip();
            return;
        }

        while (NextItem())
        {
            if (_scanner.Kind == JsonTokenKind.StartObject)
            {
                _outline.Add(ReadFrame());
            }
            else
            {
                _scanner.Skip();
            }
        }
    }

    private FrameOutline ReadFrame()
    {
        var frame = default(FrameOutline);
        while (NextProperty(out EventKey key, FrameKeys))
        {
            switch (key)
            {
                case EventKey.Function:
                    frame.Function = Capture();
                    break;
                case EventKey.Module:
                    frame.Module = Capture();
                    break;
                case EventKey.Filename:
                    frame.Filename = Capture();
                    break;
                case EventKey.LineNo:
                    frame.LineNo = Capture();
                    break;
                case EventKey.ApiLineNo:
                    frame.ApiLineNo = Capture();
                    break;
                case EventKey.InApp:
                    frame.InApp = Capture();
                    break;
                case EventKey.ApiInApp:
                    frame.ApiInApp = Capture();
                    break;
                case EventKey.ContextLine:
                    frame.ContextLine = Capture();
                    break;
                case EventKey.PreContext:
                    frame.PreContext = Capture();
                    break;
                case EventKey.PostContext:
                    frame.PostContext = Capture();
                    break;
                case EventKey.Context:
                    frame.ApiContext = Capture();
                    break;
            }
        }

        return frame;
    }

    private ThreadStack ReadThread(ValueRange threadId, int threadIdHash, bool wanted, out bool idMatches, out bool crashed)
    {
        ReadOnlySpan<byte> json = _scanner.Text;
        ThreadStack stack = default;
        idMatches = false;
        crashed = false;
        while (NextProperty(out EventKey key, ThreadKeys))
        {
            switch (key)
            {
                case EventKey.Id:
                    ValueRange id = Capture();
                    idMatches = threadId.IsPresent
                        && JsonValueEquality.Hash(json, id.Start, id.End) == threadIdHash
                        && JsonValueEquality.Equals(json, id.Start, id.End, threadId.Start, threadId.End);
                    break;
                case EventKey.Crashed:
                    crashed = _scanner.Kind == JsonTokenKind.True;
                    _scanner.Skip();
                    break;
                default:
                    stack = (idMatches && wanted) || crashed
                        ? new ThreadStack(default, ReadStacktrace())
                        : new ThreadStack(Capture(), default);
                    break;
            }
        }

        return stack;
    }

    /// <summary>
    /// Moves to the next property name of the current object; <c>false</c> at the object's end. The caller
    /// then reads the value (<see cref="JsonScanner.ReadNext"/>) or skips it (<see cref="JsonScanner.SkipValue"/>).
    /// </summary>
    private bool NextName(out EventKey key)
    {
        _scanner.ReadNext();
        if (_scanner.Kind != JsonTokenKind.PropertyName)
        {
            key = EventKey.Other;
            return false;
        }

        key = EventKeys.Match(_scanner.RawText);
        return true;
    }

    /// <summary>Moves to the next property whose name is in <paramref name="wanted"/> and onto its value, skipping the others.</summary>
    private bool NextProperty(out EventKey key, ulong wanted)
    {
        while (NextName(out key))
        {
            if (((wanted >> (int)key) & 1) != 0)
            {
                _scanner.ReadNext();
                return true;
            }

            _scanner.SkipValue();
        }

        return false;
    }

    /// <summary>Moves onto the next item of the current array; <c>false</c> at the array's end.</summary>
    private bool NextItem()
    {
        _scanner.ReadNext();
        return _scanner.Kind != JsonTokenKind.EndArray;
    }

    /// <summary>Records the value the scanner stands on and moves past it.</summary>
    private ValueRange Capture()
    {
        int start = _scanner.Start;
        JsonValueKind kind = KindOf(_scanner.Kind);
        _scanner.Skip();
        return new ValueRange(start, _scanner.End, kind);
    }

    private static ulong KeySet(ReadOnlySpan<EventKey> keys)
    {
        ulong set = 0;
        foreach (EventKey key in keys)
        {
            set |= 1UL << (int)key;
        }

        return set;
    }

    private static JsonValueKind KindOf(JsonTokenKind token) => token switch
    {
        JsonTokenKind.StartObject => JsonValueKind.Object,
        JsonTokenKind.StartArray => JsonValueKind.Array,
        JsonTokenKind.String => JsonValueKind.String,
        JsonTokenKind.Number => JsonValueKind.Number,
        JsonTokenKind.True => JsonValueKind.True,
        JsonTokenKind.False => JsonValueKind.False,
        JsonTokenKind.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    };
}
