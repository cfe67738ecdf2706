using System.Diagnostics;

namespace VideoSsl.Cli.Tests;

/// <summary>Runs the built videossl program as a child process, with extra environment variables.</summary>
public static class Subprocess
{
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "videossl.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CI"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The stderr lines that are not timestamped log lines ("12:34:56 ...").</summary>
    public static IReadOnlyList<string> Messages(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r'))
            .Where(l => !(l.Length > 9 && l[2] == ':' && l[5] == ':' && l[8] == ' '))
            .ToList();
}
