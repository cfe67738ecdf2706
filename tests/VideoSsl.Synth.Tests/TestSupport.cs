using System.Diagnostics;
using System.Globalization;
using VideoSsl.Synth;

namespace VideoSsl.Synth.Tests;

/// <summary>Runs the real ffprobe/ffmpeg binaries to check what the generators wrote.</summary>
internal static class Ff
{
    public sealed record StreamInfo(string Codec, int Width, int Height, string PixelFormat, int Frames);

    public static StreamInfo Probe(string file)
    {
        var csv = Run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=codec_name,width,height,pix_fmt,nb_read_frames", "-of", "csv=p=0", file).Trim();
        var f = csv.Split(',');
        return new StreamInfo(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), f[3],
            int.Parse(f[4], CultureInfo.InvariantCulture));
    }

    /// <summary>Decodes all frames to raw bytes in <paramref name="pixelFormat"/> ("gray" or "rgb24").</summary>
    public static byte[] Decode(string file, string pixelFormat)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-i", file, "-f", "rawvideo", "-pix_fmt", pixelFormat, "pipe:1" })
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err.Result);
        return ms.ToArray();
    }

    private static string Run(string exe, params string[] args)
    {
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{exe} failed: {err.Result}");
        return output;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that runs its callback synchronously on the reporting thread.</summary>
internal sealed class SyncProgress(Action<SynthProgress> onReport) : IProgress<SynthProgress>
{
    public void Report(SynthProgress value) => onReport(value);
}
