using System.Diagnostics;

namespace VideoSsl.Testing;

/// <summary>Runs the ffmpeg command line to make test inputs.</summary>
public static class Ffmpeg
{
    /// <summary>Runs ffmpeg with the arguments; throws with its error output when it fails.</summary>
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-y" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {error.Result}");
        }
    }

    /// <summary>Encodes a lavfi test source: <paramref name="filter"/> for <paramref name="seconds"/>, with extra output arguments.</summary>
    public static string Generate(string file, string filter, double seconds, params string[] output)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        Run(["-f", "lavfi", "-i", filter, "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. output, file]);
        return file;
    }
}
