using EventAi.Json;

namespace EventAi;

/// <summary>
/// What the forward pass over an event recorded: the ranges of the values SPEC §2 reads, with the
/// exceptions and frames it descended into. Values that are read only in some cases (threads, the
/// legacy and API aliases) stay ranges to be read afterwards. No value is decoded or copied here.
/// </summary>
internal sealed class EventOutline : IDisposable
{
    private PooledList<ExceptionOutline> _exceptions = new(8);
    private PooledList<FrameOutline> _frames = new(64);

    public ItemRun Exception;
    public ItemRun LegacyException;
    public ItemRun Stacktrace;
    public ItemRun LegacyStacktrace;
    public ValueRange LogEntry;
    public ValueRange LegacyMessage;
    public ValueRange Message;
    public ValueRange Platform;
    public ValueRange Threads;

    // The data of the first entry of each type in the API shape's "entries".
    public ValueRange ApiException;
    public ValueRange ApiMessage;
    public ValueRange ApiStacktrace;
    public ValueRange ApiThreads;

    public int ExceptionCount => _exceptions.Count;

    public int FrameCount => _frames.Count;

    public ref ExceptionOutline ExceptionAt(int index) => ref _exceptions[index];

    public ref FrameOutline FrameAt(int index) => ref _frames[index];

    public void Add(in ExceptionOutline exception) => _exceptions.Add(exception);

    public void Add(in FrameOutline frame) => _frames.Add(frame);

    public void TruncateExceptions(int count) => _exceptions.Truncate(count);

    public void TruncateFrames(int count) => _frames.Truncate(count);

    public void Dispose()
    {
        _exceptions.Dispose();
        _frames.Dispose();
    }
}
