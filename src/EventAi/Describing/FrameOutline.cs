namespace EventAi;

/// <summary>A frame object of a stack trace, as the ranges of the keys SPEC §2 reads.</summary>
internal struct FrameOutline
{
    public ValueRange Function;
    public ValueRange Module;
    public ValueRange Filename;
    public ValueRange LineNo;
    public ValueRange ApiLineNo;
    public ValueRange InApp;
    public ValueRange ApiInApp;
    public ValueRange ContextLine;
    public ValueRange PreContext;
    public ValueRange PostContext;

    /// <summary>The API shape's <c>context</c>: <c>[line number, text]</c> pairs.</summary>
    public ValueRange ApiContext;
}
