using System.Runtime.ExceptionServices;

namespace EventAi;

/// <summary>
/// One model call for one issue group, read by any number of <see cref="SuggestionReader"/>s: the answer
/// so far is kept, so a reader that joins late gets it at once and then the live chunks. The call never
/// waits for a reader; a reader more than <see cref="SuggestionStreamOptions.ReaderBuffer"/> chunks behind
/// is dropped. The call is cancelled when its last reader leaves, and its text cached when it completes.
/// </summary>
internal sealed class SuggestionBroadcast
{
    private readonly object _gate = new();
    private readonly List<string> _chunks = [];
    private readonly List<SuggestionReader> _readers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SuggestionStreamOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<SuggestionBroadcast> _release;
    private string? _text;
    private Exception? _failure;
    private bool _finished;
    private int _failureReported;

    public SuggestionBroadcast(string key, SuggestionStreamOptions options, TimeProvider time, Action<SuggestionBroadcast> release)
    {
        Key = key;
        _options = options;
        _time = time;
        _release = release;

        // Nobody may wait for the whole text; a failure nobody reads is still observed.
        _completion.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public string Key { get; }

    /// <summary>The whole text once the call completed, for readers that want it in one piece.</summary>
    public Task<string> Completion => _completion.Task;

    /// <summary>Runs the model call in the background, independent of any reader's pace.</summary>
    public void Start(Func<CancellationToken, IAsyncEnumerable<string>> call, Func<string, Task> store) => _ = RunAsync(call, store);

    /// <summary>
    /// A new reader of this call; <c>null</c> when the call is over: then <paramref name="completedText"/>
    /// is its text when it completed, and <c>null</c> when it failed or was stopped (start a new call).
    /// </summary>
    public SuggestionReader? TryAttach(out string? completedText)
    {
        lock (_gate)
        {
            completedText = _text;
            if (_finished)
            {
                return null;
            }

            var reader = new SuggestionReader(this);
            _readers.Add(reader);
            reader.IdleTimer = _time.CreateTimer(static state => ((SuggestionReader)state!).Broadcast.OnIdle((SuggestionReader)state), reader, _options.IdleTimeout, Timeout.InfiniteTimeSpan);
            return reader;
        }
    }

    /// <summary>Whether this caller is the first to report the call's failure (so it is logged once).</summary>
    public bool TryClaimFailureReport() => Interlocked.Exchange(ref _failureReported, 1) == 0;

    /// <summary>The reader's next chunk: the answer so far on its first read, then each chunk as it comes.</summary>
    public async ValueTask<string?> NextAsync(SuggestionReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                ThrowIfGone(reader);
                if (!reader.Started)
                {
                    Begin(reader);
                    if (_chunks.Count > 0)
                    {
                        reader.Position = _chunks.Count;
                        return _chunks.Count == 1 ? _chunks[0] : string.Concat(_chunks);
                    }
                }

                if (reader.Position < _chunks.Count)
                {
                    return _chunks[reader.Position++];
                }

                if (_finished)
                {
                    if (_failure is not null)
                    {
                        ExceptionDispatchInfo.Throw(_failure);
                    }

                    return null;
                }

                reader.Waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = reader.Waiter.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The whole text, for a reader that does not read chunk by chunk (it is never dropped for lagging).</summary>
    public async Task<string> ReadToEndAsync(SuggestionReader reader, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfGone(reader);
            Begin(reader);
            reader.Whole = true;
        }

        return await _completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reader leaves (disposed, finished, idle or dropped); the last one to leave stops the call.</summary>
    public void Detach(SuggestionReader reader)
    {
        bool stop = false;
        lock (_gate)
        {
            reader.IdleTimer?.Dispose();
            reader.Released = true;
            if (!_readers.Remove(reader))
            {
                return;
            }

            if (_readers.Count == 0 && !_finished)
            {
                _finished = true;
                _failure = new OperationCanceledException("Every reader of the suggestion left before it was complete.");
                stop = true;
            }
        }

        if (stop)
        {
            _completion.TrySetCanceled();
            _stop.Cancel();
            _release(this);
        }
    }

    private void OnIdle(SuggestionReader reader)
    {
        lock (_gate)
        {
            if (reader.Started || reader.Released)
            {
                return;
            }

            reader.TimedOut = true;
        }

        Detach(reader);
    }

    private static void Begin(SuggestionReader reader)
    {
        if (!reader.Started)
        {
            reader.Started = true;
            reader.IdleTimer?.Dispose();
        }
    }

    private void ThrowIfGone(SuggestionReader reader)
    {
        if (reader.Overflowed)
        {
            throw new SuggestionStreamOverflowException(
                $"The reader fell more than {_options.ReaderBuffer} chunks behind the model's answer and was dropped; ask for the suggestion again.");
        }

        if (reader.TimedOut)
        {
            throw new InvalidOperationException(
                $"The suggestion stream was released because it was not read within {_options.IdleTimeout} ({nameof(SuggestionStreamOptions)}.{nameof(SuggestionStreamOptions.IdleTimeout)}).");
        }

        ObjectDisposedException.ThrowIf(reader.Released, typeof(SuggestionStream));
    }

    private async Task RunAsync(Func<CancellationToken, IAsyncEnumerable<string>> call, Func<string, Task> store)
    {
        try
        {
            await foreach (string chunk in call(_stop.Token).ConfigureAwait(false))
            {
                Publish(chunk);
            }

            if (Complete() is { } text)
            {
                await store(text).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            _release(this);
        }
    }

    private void Publish(string chunk)
    {
        List<TaskCompletionSource>? wake = null;
        List<SuggestionReader>? dropped = null;
        lock (_gate)
        {
            _chunks.Add(chunk);
            foreach (SuggestionReader reader in _readers)
            {
                if (reader.Started && !reader.Whole && _chunks.Count - reader.Position > _options.ReaderBuffer)
                {
                    reader.Overflowed = true;
                    (dropped ??= []).Add(reader);
                }

                if (reader.Waiter is { } waiter)
                {
                    reader.Waiter = null;
                    (wake ??= []).Add(waiter);
                }
            }
        }

        WakeAll(wake);
        foreach (SuggestionReader reader in dropped ?? [])
        {
            Detach(reader);
        }
    }

    private string? Complete()
    {
        List<TaskCompletionSource>? wake;
        string text;
        lock (_gate)
        {
            if (_finished)
            {
                return null;
            }

            _finished = true;
            _text = text = string.Concat(_chunks);
            wake = TakeWaiters();
        }

        _completion.TrySetResult(text);
        WakeAll(wake);
        return text;
    }

    private void Fail(Exception failure)
    {
        List<TaskCompletionSource>? wake;
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            _failure = failure;
            wake = TakeWaiters();
        }

        _completion.TrySetException(failure);
        WakeAll(wake);
    }

    private List<TaskCompletionSource>? TakeWaiters()
    {
        List<TaskCompletionSource>? wake = null;
        foreach (SuggestionReader reader in _readers)
        {
            if (reader.Waiter is { } waiter)
            {
                reader.Waiter = null;
                (wake ??= []).Add(waiter);
            }
        }

        return wake;
    }

    private static void WakeAll(List<TaskCompletionSource>? waiters)
    {
        foreach (TaskCompletionSource waiter in waiters ?? [])
        {
            waiter.TrySetResult();
        }
    }
}
