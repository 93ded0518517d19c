namespace EventAi;

/// <summary>One exception of a chain, in the terms of a Sentry exception: frames most recent call first.</summary>
internal sealed record ExceptionRecord(
    string Type, string? Message, FrameList Frames, IReadOnlyList<KeyValuePair<string, string?>> Data);
