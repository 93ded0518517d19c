using Microsoft.Extensions.Logging;

namespace EventAi.Cli;

/// <summary>
/// Log lines for <c>eventai mcp</c>, one per entry, on standard error: standard output belongs to the protocol.
/// </summary>
internal sealed class StandardErrorLoggerProvider(TextWriter error) : ILoggerProvider
{
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            error.WriteLine(line);
            error.Flush();
        }
    }

    private sealed class Logger(StandardErrorLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception).ReplaceLineEndings(" ");
            string failure = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})";
            provider.Write($"eventai: {logLevel.ToString().ToLowerInvariant()}: {category}: {message}{failure}");
        }
    }
}
