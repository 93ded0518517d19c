using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>
/// A frame's source lines in either shape: the ingestion shape's <c>pre_context</c>, <c>context_line</c>
/// and <c>post_context</c> values, or the API shape's <c>context</c> pairs split around the pair whose
/// line number equals the frame's <c>lineNo</c> (pairs before it are the lines before, pairs after it
/// the lines after).
/// </summary>
internal struct FrameSource : IDisposable
{
    private PooledList<(ValueRange Number, ValueRange Text)> _pairs;
    private int _line;

    /// <summary>The context line (undefined when there is none).</summary>
    public ValueRange Line;

    /// <summary>The ingestion shape's <c>pre_context</c> value.</summary>
    public ValueRange Before;

    /// <summary>The ingestion shape's <c>post_context</c> value.</summary>
    public ValueRange After;

    /// <summary>Whether the lines come from the API shape's pairs.</summary>
    public bool FromPairs;

    /// <summary>Reads the source lines of <paramref name="frame"/>.</summary>
    public static FrameSource Of(in FrameOutline frame, ReadOnlySpan<byte> json, Span<int> index, EventOutline outline)
    {
        bool ingestion = frame.ContextLine.IsPresent || frame.PreContext.IsPresent || frame.PostContext.IsPresent;
        if (ingestion || frame.ApiContext.Kind != JsonValueKind.Array)
        {
            return new FrameSource { Line = frame.ContextLine, Before = frame.PreContext, After = frame.PostContext, _pairs = new(0) };
        }

        var source = new FrameSource { FromPairs = true, _pairs = new(16), _line = -1 };
        new EventOutlineReader(json, index, frame.ApiContext, outline).ReadContextPairs(ref source._pairs);
        ValueRange lineNo = ValueRange.FirstPresent(frame.LineNo, frame.ApiLineNo);
        if (lineNo.IsPresent)
        {
            int lineNoHash = JsonValueEquality.Hash(json, lineNo.Start, lineNo.End);
            for (int i = 0; i < source._pairs.Count && source._line < 0; i++)
            {
                ValueRange number = source._pairs[i].Number;
                if (JsonValueEquality.Hash(json, number.Start, number.End) == lineNoHash
                    && JsonValueEquality.Equals(json, number.Start, number.End, lineNo.Start, lineNo.End))
                {
                    source._line = i;
                }
            }
        }

        if (source._line >= 0)
        {
            source.Line = source._pairs[source._line].Text;
        }

        return source;
    }

    /// <summary>The API pairs' texts before the context line; empty without one.</summary>
    public readonly int BeforeCount => FromPairs && _line >= 0 ? _line : 0;

    /// <summary>The API pairs' texts after the context line; empty without one.</summary>
    public readonly int AfterCount => FromPairs && _line >= 0 ? _pairs.Count - _line - 1 : 0;

    public readonly ValueRange BeforeAt(int i) => _pairs[i].Text;

    public readonly ValueRange AfterAt(int i) => _pairs[_line + 1 + i].Text;

    public void Dispose() => _pairs.Dispose();
}
