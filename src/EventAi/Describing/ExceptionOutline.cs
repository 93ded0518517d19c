namespace EventAi;

/// <summary>An exception object, as the ranges of the keys SPEC §2 reads and its frames.</summary>
internal struct ExceptionOutline
{
    public ValueRange Type;
    public ValueRange Value;
    public ValueRange Meta;
    public ValueRange ThreadId;
    public ValueRange ApiThreadId;
    public bool Unhandled;
    public ItemRun Frames;
}
