using Microsoft.Extensions.Logging;

namespace ShardedTraining;

/// <summary>Writes Ratchet's warnings (a damaged checkpoint passed over, a torn history line) as one line each, at
/// once: a buffering console logger would lose lines when the process is killed, which this sample is about.
/// Routine decisions are printed by the demo itself, one line per epoch.</summary>
internal sealed class LineLogger(TextWriter error) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            error.WriteLine($"warning: {formatter(state, exception)}");
        }
    }
}
