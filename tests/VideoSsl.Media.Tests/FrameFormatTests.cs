using System.Diagnostics;
using System.Globalization;
using VideoSsl.Testing;

namespace VideoSsl.Media.Tests;

[Collection(MediaCollection.Name)]
public sealed class FrameFormatTests(SampleVideos samples) : IDisposable
{
    private readonly TempFolder _temp = new("format");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(32, false)]
    [InlineData(24, true)]
    public async Task The_probe_free_filter_gives_the_frames_the_probed_filter_gave(int size, bool gray)
    {
        // Before, ffprobe's sample aspect ratio chose between two filter graphs; now one graph reads it in ffmpeg.
        // Both must give the same bytes, for square pixels (every sample) and for non-square ones (made here).
        var format = new FrameFormat(10, size, gray);
        var anamorphic = Ffmpeg.Generate(_temp["anamorphic.mp4"], "testsrc2=size=128x96:rate=25", 2, "-vf", "setsar=4/3", "-c:v", "libx264");
        var anamorphicOdd = Ffmpeg.Generate(_temp["anamorphic-odd.mkv"], "testsrc2=size=97x61:rate=25", 2, "-vf", "setsar=3/2", "-c:v", "ffv1");
        var files = new[] { "h264.mp4", "rotated.mp4", "odd-size.mkv", "vfr.mkv", "anim.gif", "tenbit.mkv" }
            .Select(f => Path.Combine(samples.Good, f)).Append(anamorphic).Append(anamorphicOdd);
        foreach (var file in files)
        {
            var probe = await VideoProber.ProbeAsync(file);
            var expected = RunFfmpeg(file, ProbedFilter(format, probe), format.PixelFormat);
            using var actual = new MemoryStream();
            await FrameDecoder.DecodeAsync(file, format, frame =>
            {
                actual.Write(frame.Span);
                return ValueTask.CompletedTask;
            });
            Assert.True(expected.Length > 0, file);
            Assert.True(expected.SequenceEqual(actual.ToArray()), $"{Path.GetFileName(file)} (sar {probe.SampleAspectWidth}:{probe.SampleAspectHeight}) differs");
        }
    }

    // The graph as it was built from a probe before decoding stopped waiting for one.
    private static string ProbedFilter(FrameFormat format, VideoProbe probe)
    {
        var rate = format.FrameRate.ToString("0.######", CultureInfo.InvariantCulture);
        var square = probe.IsAnamorphic ? "scale=trunc(iw*sar/2)*2:ih,setsar=1," : "";
        return $"fps={rate},{square}scale={format.Size}:{format.Size}:force_original_aspect_ratio=increase:flags=bilinear,crop={format.Size}:{format.Size},setsar=1,format={format.PixelFormat}";
    }

    private static byte[] RunFfmpeg(string file, string filter, string pixelFormat)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-v", "error", "-i", file, "-map", "0:v:0", "-vf", filter, "-pix_fmt", pixelFormat, "-f", "rawvideo", "pipe:1" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error.Result);
        return output.ToArray();
    }
}
