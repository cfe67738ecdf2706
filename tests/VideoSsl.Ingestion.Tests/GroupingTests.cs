using System.Text.RegularExpressions;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Ingestion.Tests;

[Collection(IngestionCollection.Name)]
public sealed partial class GroupingTests(SampleVideos samples) : IDisposable
{
    private readonly TempFolder _temp = new("grouping");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Bad_inputs_in_a_group_are_quarantined_alone_and_the_rest_get_the_clips_of_one_at_a_time_decoding()
    {
        // Every kind of failure a group can meet: one ffmpeg names (text, truncated, audio only), one it stops for before
        // decoding (absurd size), one that blames nobody (a corrupt middle, found by splitting), and one too short.
        var source = _temp["mixed"];
        Directory.CreateDirectory(source);
        foreach (var good in new[] { "h264.mp4", "vp9.webm", "h264.mkv", "mjpeg.avi", "odd-size.mkv", "vfr.mkv", "rotated.mp4", "tenbit.mkv" })
        {
            File.Copy(Path.Combine(samples.Good, good), Path.Combine(source, good));
        }
        foreach (var bad in new[] { "text.mp4", "truncated.mp4", "audio-only.mp4", "thin.mp4", "corrupt-middle.mp4", "short.mp4" })
        {
            File.Copy(Path.Combine(samples.Bad, bad), Path.Combine(source, bad));
        }
        var alone = new FolderBlobStore(_temp["alone"]);
        var aloneOptions = IngestHarness.Options(source, workers: 1);
        aloneOptions.GroupSize = 1;
        var reference = await IngestHarness.RunAsync(alone, source, aloneOptions);

        var grouped = new FolderBlobStore(_temp["grouped"]);
        var options = IngestHarness.Options(source, workers: 1);
        options.GroupSize = 64;
        var log = new ListLogger();
        var report = await new IngestionWorker(grouped, new FolderVideoSource(source), options, log).RunAsync();

        // Groups decoded, failures blamed on one input, and one failure blamed on nobody (the group was split).
        Assert.Contains(log.Messages, m => m.StartsWith("Decoded ", StringComparison.Ordinal) && !m.StartsWith("Decoded 1 ", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("blamed: text.mp4", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("blamed: none", StringComparison.Ordinal));
        Assert.Equal(8, report.Ingested);
        Assert.Equal(6, report.Quarantined);
        var expected = reference.Inputs.ToDictionary(i => i.Path);
        foreach (var input in report.Inputs)
        {
            var one = expected[input.Path];
            Assert.Equal((one.Status, one.Clips), (input.Status, input.Clips));
            // How far a corrupt stretch lets the frame-threaded decoder get varies by a frame from run to run.
            Assert.Equal(FrameCount().Replace(one.Reason ?? "", "#"), FrameCount().Replace(input.Reason ?? "", "#"));
        }
        Assert.Equal(await IngestHarness.ClipsAsync(alone), await IngestHarness.ClipsAsync(grouped));
    }

    [Fact]
    public async Task Three_workers_grouping_one_source_ingest_every_video_exactly_once()
    {
        var source = _temp["short"];
        Directory.CreateDirectory(source);
        for (var i = 0; i < 24; i++)
        {
            Ffmpeg.Generate(Path.Combine(source, $"s{i:D2}.mp4"), $"testsrc2=size=48x48:rate=10,hue=h={i * 15}", 2, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        }
        var reference = new FolderBlobStore(_temp["reference"]);
        var referenceOptions = IngestHarness.Options(source, workers: 1);
        referenceOptions.GroupSize = 1;
        await IngestHarness.RunAsync(reference, source, referenceOptions);

        var store = new FolderBlobStore(_temp["shared"]);
        var reports = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var options = IngestHarness.Options(source, workers: 2);
            options.GroupSize = 5;
            return new IngestionWorker(store, new FolderVideoSource(source), options).RunAsync();
        })));

        var written = reports.SelectMany(r => r.Inputs.Where(i => i.New).Select(i => i.Path)).ToList();
        Assert.Equal(24, written.Count);
        Assert.Equal(24, written.Distinct().Count());
        Assert.All(reports, r => Assert.Equal(24, r.Inputs.Count));
        Assert.Equal(await IngestHarness.ClipsAsync(reference), await IngestHarness.ClipsAsync(store));
    }

    [Fact]
    public async Task A_worker_runs_again_with_fresh_counts()
    {
        var source = samples.CopyToNewFolder(samples.Good, "h264.mp4", "vp9.webm", "h264.mkv");
        var store = new FolderBlobStore(_temp["store"]);
        var worker = new IngestionWorker(store, new FolderVideoSource(source), IngestHarness.Options(source));

        var first = await worker.RunAsync();
        var second = await worker.RunAsync();

        Assert.Equal((3, 8), (first.Ingested, first.NewClips));
        Assert.Equal((0, 3, 0), (second.Ingested, second.Skipped, second.NewClips));
        Assert.True(second.WroteNothing);
    }

    [GeneratedRegex(@"\d+(\.\d+)? s \(\d+ frames\)")]
    private static partial Regex FrameCount();
}
