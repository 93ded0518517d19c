using Microsoft.Extensions.Logging;

namespace EventAi;

/// <summary>
/// A circuit breaker for the shared cache: after a failure the cache is skipped for a break (growing
/// while it stays down); then one call probes it, and its success closes the breaker. The opening is
/// logged once as a warning (no stack trace), the closing once as information.
/// </summary>
internal sealed partial class SharedCacheBreaker
{
    private const int Closed = 0;
    private const int Open = 1;
    private const int Probing = 2;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _firstBreak;
    private readonly TimeSpan _maxBreak;
    private readonly ILogger _logger;
    private volatile int _state = Closed;
    private long _openedAt;
    private long _openUntil;
    private TimeSpan _currentBreak;

    public SharedCacheBreaker(SuggestionCacheOptions options, TimeProvider time, ILogger logger)
    {
        _time = time;
        _firstBreak = options.BreakDuration;
        _maxBreak = options.MaxBreakDuration;
        _currentBreak = _firstBreak;
        _logger = logger;
    }

    /// <summary>Whether the breaker is letting calls through (closed), for tests and diagnostics.</summary>
    public bool IsClosed => _state == Closed;

    /// <summary>Whether a call may go to the cache now; <paramref name="probe"/> says it is the one call that tests a broken cache.</summary>
    public bool TryEnter(out bool probe)
    {
        probe = false;
        if (_state == Closed)
        {
            return true;
        }

        lock (_gate)
        {
            if (_state == Closed)
            {
                return true;
            }

            if (_state == Probing || _time.GetTimestamp() < _openUntil)
            {
                return false;
            }

            _state = Probing;
            probe = true;
            return true;
        }
    }

    /// <summary>The call succeeded; a successful probe closes the breaker.</summary>
    public void Succeeded(bool probe)
    {
        if (!probe)
        {
            return;
        }

        TimeSpan outage;
        lock (_gate)
        {
            outage = _time.GetElapsedTime(_openedAt);
            _currentBreak = _firstBreak;
            _state = Closed;
        }

        LogClosed(_logger, outage);
    }

    /// <summary>The call failed: a closed breaker opens, a failed probe doubles the break.</summary>
    public void Failed(Exception exception, bool probe)
    {
        bool opened = false;
        TimeSpan pause;
        lock (_gate)
        {
            if (probe)
            {
                _currentBreak = _currentBreak * 2 > _maxBreak ? _maxBreak : _currentBreak * 2;
            }
            else if (_state == Closed)
            {
                opened = true;
                _currentBreak = _firstBreak;
                _openedAt = _time.GetTimestamp();
            }
            else
            {
                return; // a call that started before the breaker opened
            }

            pause = _currentBreak;
            _openUntil = _time.GetTimestamp() + (long)(pause.TotalSeconds * _time.TimestampFrequency);
            _state = Open;
        }

        if (opened)
        {
            LogOpened(_logger, exception.GetType().Name, FirstLine(exception.Message), pause);
        }
        else
        {
            LogStillDown(_logger, pause);
        }
    }

    /// <summary>The caller cancelled the call: a probe gives its turn to the next call.</summary>
    public void Abandoned(bool probe)
    {
        if (!probe)
        {
            return;
        }

        lock (_gate)
        {
            _openUntil = _time.GetTimestamp();
            _state = Open;
        }
    }

    // Some clients put pages of diagnostics into one message; the first 200 characters say what failed.
    private static string FirstLine(string message)
    {
        int end = message.AsSpan().IndexOfAny('\r', '\n');
        string line = end < 0 ? message : message[..end];
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "The shared suggestion cache failed ({ErrorType}: {Error}); serving without it for {BreakDuration}.")]
    private static partial void LogOpened(ILogger logger, string errorType, string error, TimeSpan breakDuration);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "The shared suggestion cache is still unavailable; next try in {BreakDuration}.")]
    private static partial void LogStillDown(ILogger logger, TimeSpan breakDuration);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "The shared suggestion cache is available again after {Outage}.")]
    private static partial void LogClosed(ILogger logger, TimeSpan outage);
}
