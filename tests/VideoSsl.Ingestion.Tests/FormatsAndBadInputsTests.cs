using VideoSsl.Clips.Datasets;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Ingestion.Tests;

[Collection(IngestionCollection.Name)]
public sealed class FormatsAndBadInputsTests(SampleVideos samples) : IDisposable
{
    private readonly TempFolder _temp = new("ingest");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_supported_format_is_ingested_into_normalized_clips()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var report = await IngestHarness.RunAsync(store, samples.Good);

        Assert.Equal(0, report.Quarantined);
        var expected = new[] { "anim.gif", "h264.mkv", "h264.mov", "h264.mp4", "mjpeg.avi", "odd-size.mkv", "rotated.mp4", "tenbit.mkv", "unrotated.mp4", "vfr.mkv", "vp9.webm" };
        Assert.Equal(expected, report.Inputs.Select(i => i.Path).Order());
        Assert.All(report.Inputs, i => Assert.Equal(InputStatus.Ingested, i.Status));
        // 4.2 s at 10 fps is 42 frames: 4 clips of 10; the 2.5 s videos give 2.
        Assert.Equal(4, report.Inputs.Single(i => i.Path == "h264.mp4").Clips);
        Assert.All(report.Inputs.Where(i => i.Path != "h264.mp4"), i => Assert.Equal(2, i.Clips));

        var dataset = await ClipDataset.OpenAsync(store, "ds");
        Assert.Equal(new VideoSsl.Clips.ClipShape(10, 32, 32, 3), dataset.Shape);
        Assert.Equal(report.TotalClips, dataset.Count);
        var first = dataset.Entries.First(e => e.Source == "h264.mp4" && e.ClipIndex == 1);
        Assert.Equal(1.0, first.StartSeconds, 3);
        Assert.StartsWith("sha256:", first.SourceHash);
    }

    [Fact]
    public async Task Rotation_metadata_is_honoured()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var source = samples.CopyToNewFolder(samples.Good, "rotated.mp4", "unrotated.mp4");
        await IngestHarness.RunAsync(store, source);
        var clips = await IngestHarness.ClipsAsync(store);
        // Unrotated: white left half, black right. Rotated by 90°: the halves become top and bottom.
        var (top, bottom, left, right) = Halves(clips[("unrotated.mp4", 0)]);
        Assert.True(Math.Abs(left - right) > 150 && Math.Abs(top - bottom) < 30, $"unrotated: top {top} bottom {bottom} left {left} right {right}");
        (top, bottom, left, right) = Halves(clips[("rotated.mp4", 0)]);
        Assert.True(Math.Abs(top - bottom) > 150 && Math.Abs(left - right) < 30, $"rotated: top {top} bottom {bottom} left {left} right {right}");
    }

    private static (double Top, double Bottom, double Left, double Right) Halves(byte[] clip)
    {
        const int size = 32;
        double top = 0, bottom = 0, left = 0, right = 0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                double v = clip[(y * size + x) * 3];
                if (y < size / 2) { top += v; } else { bottom += v; }
                if (x < size / 2) { left += v; } else { right += v; }
            }
        }
        var n = size * size / 2.0;
        return (top / n, bottom / n, left / n, right / n);
    }

    [Fact]
    public async Task Bad_inputs_are_quarantined_with_a_clear_reason_and_the_run_goes_on()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var report = await IngestHarness.RunAsync(store, samples.Bad);

        var reasons = report.Inputs.ToDictionary(i => i.Path, i => i);
        void Expect(string path, string reasonPart, int clips = 0)
        {
            Assert.True(reasons.TryGetValue(path, out var input), $"{path} missing from the report");
            Assert.Equal(InputStatus.Quarantined, input!.Status);
            Assert.Contains(reasonPart, input.Reason, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain('\n', input.Reason!);
            Assert.Equal(clips, input.Clips);
        }
        Expect("empty.mp4", "empty file");
        Expect("random.mp4", "not a video ffmpeg can read");
        Expect("text.mp4", "not a video ffmpeg can read");
        Expect("truncated.mp4", "moov atom not found");
        Expect("audio-only.mp4", "audio only");
        Expect("short.mp4", "too short");
        Expect("thin.mp4", "absurd frame size 4x400");
        Expect("huge.y4m", "100000x100000");
        Expect("bad\u0001name.mp4", "control character");
        Expect("escape.mp4", "outside the source folder");
        Assert.Equal(InputStatus.Quarantined, reasons["corrupt-middle.mp4"].Status);
        Assert.Contains("decode error after", reasons["corrupt-middle.mp4"].Reason);
        Assert.InRange(reasons["corrupt-middle.mp4"].Clips, 1, 5);
        Assert.Equal(11, report.Quarantined);

        // Clips decoded before the damage are kept and readable; quarantine records say why.
        var clips = await IngestHarness.ClipsAsync(store);
        Assert.Equal(reasons["corrupt-middle.mp4"].Clips, clips.Keys.Count(k => k.Source == "corrupt-middle.mp4"));
        var records = await Manifest.ReadVideoRecordsAsync(store, new DatasetLayout("ds", IngestHarness.Spec.Version));
        Assert.Equal(11, records.Count(r => r.Status == VideoRecord.Quarantined && !string.IsNullOrEmpty(r.Reason)));
    }
}
