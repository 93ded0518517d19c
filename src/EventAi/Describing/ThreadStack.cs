namespace EventAi;

/// <summary>
/// The stack trace of the thread an exception falls back to: its frames when they were read while
/// finding the thread, otherwise the range of its <c>stacktrace</c> value to read.
/// </summary>
internal readonly record struct ThreadStack(ValueRange Unread, ItemRun Frames);
