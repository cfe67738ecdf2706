using System.Diagnostics;
using VideoSsl.Clips.Datasets;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Ingestion.Tests;

[Collection(IngestionCollection.Name)]
public sealed class RerunAndResumeTests(SampleVideos samples) : IDisposable
{
    private readonly TempFolder _temp = new("rerun");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_rerun_with_the_same_settings_writes_nothing_and_says_so()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var first = await IngestHarness.RunAsync(store, samples.Good);
        Assert.False(first.WroteNothing);
        var before = await IngestHarness.SnapshotAsync(store);

        var second = await IngestHarness.RunAsync(store, samples.Good);

        Assert.True(second.WroteNothing);
        Assert.Equal(0, second.NewClips);
        Assert.All(second.Inputs, i => Assert.Equal(InputStatus.Skipped, i.Status));
        Assert.Equal(first.TotalClips, second.TotalClips);
        Assert.Equal(before, await IngestHarness.SnapshotAsync(store));
    }

    [Fact]
    public async Task Labels_added_later_update_the_records_without_decoding_again()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var source = samples.CopyToNewFolder(samples.Good, "h264.mp4", "vp9.webm");
        await IngestHarness.RunAsync(store, source);
        var shards = (await IngestHarness.SnapshotAsync(store)).Where(b => b.Contains("/shards/", StringComparison.Ordinal)).ToList();

        var options = IngestHarness.Options(source);
        options.Labels = new Dictionary<string, (string, string?)> { ["h264.mp4"] = ("cat", "train"), ["vp9.webm"] = ("dog", "test") };
        var relabeled = await IngestHarness.RunAsync(store, source, options);

        Assert.Equal(0, relabeled.NewClips);
        Assert.Equal(shards, (await IngestHarness.SnapshotAsync(store)).Where(b => b.Contains("/shards/", StringComparison.Ordinal)).ToList());
        var dataset = await ClipDataset.OpenAsync(store, "ds");
        Assert.All(dataset.Entries.Where(e => e.Source == "h264.mp4"), e => Assert.Equal(("cat", "train"), (e.Label, e.Split)));
        Assert.All(dataset.Entries.Where(e => e.Source == "vp9.webm"), e => Assert.Equal(("dog", "test"), (e.Label, e.Split)));
    }

    [Fact]
    public async Task Changed_settings_make_a_new_version_instead_of_mixing_clips()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var source = samples.CopyToNewFolder(samples.Good, "h264.mp4", "vp9.webm");
        var first = await IngestHarness.RunAsync(store, source);
        var gray = IngestHarness.Spec with { Color = VideoSsl.Clips.ColorMode.Gray, Size = 16 };
        var second = await IngestHarness.RunAsync(store, source, IngestHarness.Options(source, spec: gray));

        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal(2, second.Ingested);
        var current = await ClipDataset.OpenAsync(store, "ds");
        Assert.Equal(second.Version, current.Info.Version);
        Assert.Equal(1, current.Shape.Channels);
        var old = await ClipDataset.OpenAsync(store, "ds", first.Version);
        Assert.Equal(3, old.Shape.Channels);
        Assert.Equal(first.TotalClips, old.Count);
    }

    [Fact]
    public async Task Cancelling_keeps_finished_videos_and_a_rerun_completes_the_rest()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var reference = new FolderBlobStore(_temp["reference"]);
        await IngestHarness.RunAsync(reference, samples.Good);

        using var cancel = new CancellationTokenSource();
        var options = IngestHarness.Options(samples.Good, workers: 1);
        var worker = new IngestionWorker(store, new Sources.FolderVideoSource(samples.Good), options);
        var progress = new Callback(p =>
        {
            if (p.InputsDone >= 3)
            {
                cancel.Cancel();
            }
        });
        var interrupted = await worker.RunAsync(progress, cancel.Token);
        Assert.True(interrupted.Cancelled);
        Assert.InRange(interrupted.Ingested, 1, 10);

        var resumed = await IngestHarness.RunAsync(store, samples.Good);
        Assert.False(resumed.Cancelled);
        Assert.Equal(interrupted.Ingested, resumed.Skipped);
        Assert.Equal(11, resumed.Ingested + resumed.Skipped);
        Assert.Equal(await IngestHarness.ClipsAsync(reference), await IngestHarness.ClipsAsync(store));
    }

    [Fact]
    public async Task A_killed_process_rerun_finishes_with_the_same_clips_as_an_uninterrupted_run()
    {
        // 40 short videos, 64x64 clips, shards of 1 MiB (8 clips): records are committed every 4 videos, so the kill lands mid-run.
        var source = _temp["videos"];
        Directory.CreateDirectory(source);
        for (var i = 0; i < 40; i++)
        {
            Ffmpeg.Generate(Path.Combine(source, $"v{i:D2}.mp4"), $"testsrc2=size=64x64:rate=10,hue=h={i * 9}", 2, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        }
        var reference = new FolderBlobStore(_temp["reference"]);
        var spec = IngestHarness.Spec with { Size = 64 };
        await IngestHarness.RunAsync(reference, source, IngestHarness.Options(source, spec: spec, workers: 1));

        var storeRoot = _temp["store"];
        var store = new FolderBlobStore(storeRoot);
        var layout = new DatasetLayout("ds", spec.Version);
        using (var process = Cli.Start("ingest", "--source", source, "--dataset", "ds", "--store", storeRoot, "--fps", "10", "--size", "64",
                   "--frames", "10", "--workers", "1", "--shard-size-mb", "1"))
        {
            var deadline = Stopwatch.StartNew();
            while (Directory.Exists(Path.Combine(storeRoot, layout.VideosPrefix)) is false
                   || Directory.GetFiles(Path.Combine(storeRoot, layout.VideosPrefix)).Length < 5)
            {
                if (process.HasExited)
                {
                    Assert.Fail("ingest finished before it could be killed: " + await process.StandardError.ReadToEndAsync());
                }
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "no video records appeared");
                await Task.Delay(20);
            }
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var recordedBeforeKill = Directory.GetFiles(Path.Combine(storeRoot, layout.VideosPrefix)).Length;
        Assert.InRange(recordedBeforeKill, 5, 39);

        var rerun = await IngestHarness.RunAsync(store, source, IngestHarness.Options(source, spec: spec, workers: 1));
        Assert.Equal(recordedBeforeKill, rerun.Skipped);
        Assert.Equal(40 - recordedBeforeKill, rerun.Ingested);
        Assert.Equal(await IngestHarness.ClipsAsync(reference), await IngestHarness.ClipsAsync(store));
    }

    private sealed class Callback(Action<IngestProgress> action) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => action(value);
    }
}
