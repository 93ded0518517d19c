namespace EventAi;

/// <summary>
/// One reader of a <see cref="SuggestionBroadcast"/>: its place in the answer and whether it still reads.
/// Its state is guarded by the broadcast's lock. It can be enumerated once.
/// </summary>
internal sealed class SuggestionReader : IAsyncEnumerable<string>, IAsyncEnumerator<string>
{
    private CancellationToken _cancellationToken;
    private bool _enumerated;

    public SuggestionReader(SuggestionBroadcast broadcast) => Broadcast = broadcast;

    public SuggestionBroadcast Broadcast { get; }

    public int Position { get; set; }

    public bool Started { get; set; }

    public bool Whole { get; set; }

    public bool Overflowed { get; set; }

    public bool TimedOut { get; set; }

    public bool Released { get; set; }

    public TaskCompletionSource? Waiter { get; set; }

    public ITimer? IdleTimer { get; set; }

    public string Current { get; private set; } = string.Empty;

    public IAsyncEnumerator<string> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("A live suggestion can be read once.");
        }

        _enumerated = true;
        _cancellationToken = cancellationToken;
        return this;
    }

    public async ValueTask<bool> MoveNextAsync()
    {
        string? next = await Broadcast.NextAsync(this, _cancellationToken).ConfigureAwait(false);
        if (next is null)
        {
            Broadcast.Detach(this);
            return false;
        }

        Current = next;
        return true;
    }

    public ValueTask DisposeAsync()
    {
        Broadcast.Detach(this);
        return ValueTask.CompletedTask;
    }
}
