using Spectre.Console;

namespace VideoSsl.Cli.Output;

/// <summary>Decides how to show progress: a live bar on an interactive terminal, plain log lines otherwise.</summary>
public static class Terminal
{
    /// <summary>True when stdout is an interactive terminal and no JSON result is expected there.</summary>
    public static bool Interactive(bool json) =>
        !json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
        && Environment.GetEnvironmentVariable("CI") is null;

    /// <summary>Writes one plain line to stderr (logs and progress when not interactive).</summary>
    public static void Log(string message) =>
        Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {message}");

    /// <summary>Writes an error line to stderr.</summary>
    public static void Error(string message) =>
        Console.Error.WriteLine($"error: {message}");
}
