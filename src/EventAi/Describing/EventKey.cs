using EventAi.Json;

namespace EventAi;

/// <summary>The property names SPEC §2 reads, in both the ingestion and the API shape; everything else is <see cref="Other"/>.</summary>
internal enum EventKey : byte
{
    Other,
    Exception,
    LegacyException,
    LogEntry,
    LegacyMessage,
    Message,
    Platform,
    Stacktrace,
    LegacyStacktrace,
    Threads,
    Entries,
    Values,
    Type,
    Value,
    Mechanism,
    Meta,
    Handled,
    ThreadId,
    ApiThreadId,
    Frames,
    Function,
    Module,
    Filename,
    LineNo,
    ApiLineNo,
    InApp,
    ApiInApp,
    ContextLine,
    PreContext,
    PostContext,
    Context,
    Data,
    Id,
    Crashed,
}

/// <summary>Matches property names to <see cref="EventKey"/>s on their raw bytes, decoding only names that hold escapes.</summary>
internal static class EventKeys
{
    /// <summary>The key named by <paramref name="raw"/>, the bytes between a property name's quotes.</summary>
    public static EventKey Match(ReadOnlySpan<byte> raw)
    {
        EventKey key = MatchText(raw);

        // A name written with escapes is rare; only one short enough to be a known key is decoded.
        if (key != EventKey.Other || raw.Length > 64 || raw.IndexOf((byte)'\\') < 0)
        {
            return key;
        }

        Span<byte> decoded = stackalloc byte[raw.Length];
        return MatchText(decoded[..JsonString.Unescape(raw, decoded)]);
    }

    private static EventKey MatchText(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 => name.SequenceEqual("id"u8) ? EventKey.Id : EventKey.Other,
        4 => name.SequenceEqual("type"u8) ? EventKey.Type
            : name.SequenceEqual("meta"u8) ? EventKey.Meta
            : name.SequenceEqual("data"u8) ? EventKey.Data
            : EventKey.Other,
        5 => name.SequenceEqual("value"u8) ? EventKey.Value
            : name.SequenceEqual("inApp"u8) ? EventKey.ApiInApp
            : EventKey.Other,
        6 => name.SequenceEqual("values"u8) ? EventKey.Values
            : name.SequenceEqual("frames"u8) ? EventKey.Frames
            : name.SequenceEqual("module"u8) ? EventKey.Module
            : name.SequenceEqual("lineno"u8) ? EventKey.LineNo
            : name.SequenceEqual("lineNo"u8) ? EventKey.ApiLineNo
            : name.SequenceEqual("in_app"u8) ? EventKey.InApp
            : EventKey.Other,
        7 => name.SequenceEqual("message"u8) ? EventKey.Message
            : name.SequenceEqual("threads"u8) ? EventKey.Threads
            : name.SequenceEqual("entries"u8) ? EventKey.Entries
            : name.SequenceEqual("handled"u8) ? EventKey.Handled
            : name.SequenceEqual("crashed"u8) ? EventKey.Crashed
            : name.SequenceEqual("context"u8) ? EventKey.Context
            : EventKey.Other,
        8 => name.SequenceEqual("logentry"u8) ? EventKey.LogEntry
            : name.SequenceEqual("platform"u8) ? EventKey.Platform
            : name.SequenceEqual("function"u8) ? EventKey.Function
            : name.SequenceEqual("filename"u8) ? EventKey.Filename
            : name.SequenceEqual("threadId"u8) ? EventKey.ApiThreadId
            : EventKey.Other,
        9 => name.SequenceEqual("exception"u8) ? EventKey.Exception
            : name.SequenceEqual("mechanism"u8) ? EventKey.Mechanism
            : name.SequenceEqual("thread_id"u8) ? EventKey.ThreadId
            : EventKey.Other,
        10 => name.SequenceEqual("stacktrace"u8) ? EventKey.Stacktrace : EventKey.Other,
        11 => name.SequenceEqual("pre_context"u8) ? EventKey.PreContext : EventKey.Other,
        12 => name.SequenceEqual("context_line"u8) ? EventKey.ContextLine
            : name.SequenceEqual("post_context"u8) ? EventKey.PostContext
            : EventKey.Other,
        25 => name.SequenceEqual("sentry.interfaces.Message"u8) ? EventKey.LegacyMessage : EventKey.Other,
        27 => name.SequenceEqual("sentry.interfaces.Exception"u8) ? EventKey.LegacyException : EventKey.Other,
        28 => name.SequenceEqual("sentry.interfaces.Stacktrace"u8) ? EventKey.LegacyStacktrace : EventKey.Other,
        _ => EventKey.Other,
    };
}
