using Microsoft.Extensions.Logging;

namespace VideoSsl.Cli.Output;

/// <summary>A minimal logger writing one line per event to stderr, at or above a level.</summary>
public sealed class ConsoleLogger(LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var level = logLevel switch
        {
            LogLevel.Warning => "warn: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => "",
        };
        Terminal.Log(level + formatter(state, exception));
    }
}
