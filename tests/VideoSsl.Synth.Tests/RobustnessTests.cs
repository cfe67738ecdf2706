using VideoSsl.Synth.Encoding;
using VideoSsl.Synth.MovingDigits;
using VideoSsl.Testing;

namespace VideoSsl.Synth.Tests;

public sealed class RobustnessTests
{
    private static readonly MovingDigitsOptions Options = new() { Count = 4, Frames = 8, Seed = 3, Workers = 2 };

    [Fact]
    public async Task Rerun_skips_existing_videos_and_replaces_stale_partial_files()
    {
        using var tmp = new TempFolder("synth");
        var generator = new MovingDigitsGenerator();
        var first = await generator.WriteAsync(tmp.Path, Options);
        var kept = Path.Combine(first.OutputDirectory, first.Files[0]);
        var stamp = File.GetLastWriteTimeUtc(kept);
        var removed = Path.Combine(first.OutputDirectory, first.Files[1]);
        var reference = await File.ReadAllBytesAsync(removed);
        File.Delete(removed);
        await File.WriteAllTextAsync(removed + Mp4Writer.PartialSuffix, "half a video from a killed run");

        var reports = new List<SynthProgress>();
        var second = await generator.WriteAsync(tmp.Path, Options, new SyncProgress(p => { lock (reports) { reports.Add(p); } }));

        Assert.Equal((4, 1, 3), (second.Total, second.Written, second.Skipped));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(kept));
        Assert.Equal(reference, await File.ReadAllBytesAsync(removed));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*" + Mp4Writer.PartialSuffix));
        Assert.Contains(reports, r => r.Completed == 4 && r.Total == 4);
        Assert.Equal(3, reports.Max(r => r.Skipped));
    }

    [Fact]
    public async Task Cancelling_mid_run_leaves_only_complete_videos()
    {
        using var tmp = new TempFolder("synth");
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Completed >= 1)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new MovingDigitsGenerator().WriteAsync(tmp.Path, Options with { Count = 12 }, progress, cts.Token));

        var files = Directory.GetFiles(tmp.Path, "*.mp4");
        Assert.Empty(Directory.GetFiles(tmp.Path, "*" + Mp4Writer.PartialSuffix));
        Assert.InRange(files.Length, 1, 11);
        Assert.All(files, f => Assert.Equal(8, Ff.Probe(f).Frames));
    }

    [Fact]
    public async Task Missing_ffmpeg_is_a_clear_error()
    {
        using var tmp = new TempFolder("synth");
        var generator = new MovingDigitsGenerator(new Mp4Writer("/nonexistent/ffmpeg"));

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => generator.WriteAsync(tmp.Path, Options));

        Assert.Contains("/nonexistent/ffmpeg", e.Message);
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.mp4*"));
    }

    [Fact]
    public async Task Failing_ffmpeg_names_the_file_and_leaves_nothing_behind()
    {
        using var tmp = new TempFolder("synth");
        var writer = new Mp4Writer("false"); // exits 1 at once, as a broken ffmpeg would
        var video = MovingDigitsGenerator.RenderSequence(Options, 0).Video;
        var path = Path.Combine(tmp.Path, "broken.mp4");

        var e = await Assert.ThrowsAsync<IOException>(() => writer.WriteAsync(path, video));

        Assert.Contains("broken.mp4", e.Message);
        Assert.Contains("exit code 1", e.Message);
        Assert.Empty(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public async Task Rerun_with_other_settings_is_refused_but_a_larger_count_resumes()
    {
        using var tmp = new TempFolder("synth");
        var generator = new MovingDigitsGenerator();
        await generator.WriteAsync(tmp.Path, Options with { Count = 2 });

        var grown = await generator.WriteAsync(tmp.Path, Options with { Workers = 1 });
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => generator.WriteAsync(tmp.Path, Options with { Seed = 4 }));

        Assert.Equal((4, 2, 2), (grown.Total, grown.Written, grown.Skipped));
        Assert.Contains(Path.GetFileName(tmp.Path), e.Message);
        Assert.Contains("Seed = 4", e.Message);
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => MovingDigitsGenerator.RenderSequence(Options with { CanvasSize = 63 }, 0));
        Assert.Contains("canvas-size: 63 must be even and at least 8", e.Message, StringComparison.Ordinal); // named as its flag --canvas-size
    }
}
