using VideoSsl.Clips.Datasets;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Ingestion.Tests;

/// <summary>Ingest after faults: a run killed between records and manifest, temp files of killed writers, a full disk.</summary>
[Collection(IngestionCollection.Name)]
public sealed class FaultsTests(SampleVideos samples) : IDisposable
{
    private readonly TempFolder _temp = new("faults");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_rerun_repairs_a_manifest_that_a_killed_run_left_behind_its_records()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var source = samples.CopyToNewFolder(samples.Good, "h264.mp4", "vp9.webm", "h264.mkv");
        var first = await IngestHarness.RunAsync(store, source);
        var layout = new DatasetLayout("ds", first.Version);
        var complete = await store.ReadTextAsync(layout.Manifest);
        // Killed after the last video's record was written, before the manifest was rewritten: the old manifest lacks it.
        var lines = complete.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var last = (await Manifest.ReadAsync(store, layout))[^1].VideoId;
        await store.WriteTextAsync(layout.Manifest, string.Concat(lines.Where(l => !l.Contains(last, StringComparison.Ordinal)).Select(l => l + "\n")));

        var rerun = await IngestHarness.RunAsync(store, source);

        Assert.Equal((0, 3), (rerun.Ingested, rerun.Skipped));
        Assert.True(rerun.ManifestRepaired);
        Assert.False(rerun.WroteNothing);
        Assert.Equal(first.TotalClips, rerun.TotalClips);
        Assert.Equal(complete, await store.ReadTextAsync(layout.Manifest));
    }

    [Fact]
    public async Task A_rerun_removes_temp_files_that_killed_writers_left_for_longer_than_the_claim_ttl()
    {
        var root = _temp["store"];
        var store = new FolderBlobStore(root);
        var temp = Path.Combine(root, ".tmp");
        foreach (var (name, age) in new[] { ("killed-1", 10), ("killed-2", 3), ("writing", 0) })
        {
            var file = Path.Combine(temp, name);
            await File.WriteAllBytesAsync(file, new byte[1000]);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow - TimeSpan.FromMinutes(age));
        }
        var source = samples.CopyToNewFolder(samples.Good, "vp9.webm");
        var options = IngestHarness.Options(source);
        options.ClaimTimeToLive = TimeSpan.FromMinutes(2);

        await new IngestionWorker(store, new FolderVideoSource(source), options).RunAsync();

        Assert.Equal(["writing"], Directory.GetFiles(temp).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_full_disk_stops_ingest_naming_the_store_without_blaming_any_video_and_a_rerun_completes()
    {
        var spec = IngestHarness.Spec with { Size = 64 }; // 120 KiB clips: 8 to a 1 MiB shard, so the disk fills mid-run
        var reference = new FolderBlobStore(_temp["reference"]);
        await IngestHarness.RunAsync(reference, samples.Good, IngestHarness.Options(samples.Good, spec: spec));
        var root = _temp["store"];
        var full = new FillingStore(new FolderBlobStore(root), shardsThatFit: 1);
        var log = new ListLogger();

        var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            new IngestionWorker(full, new FolderVideoSource(samples.Good), IngestHarness.Options(samples.Good, spec: spec), log).RunAsync());

        Assert.StartsWith($"store {root}: write datasets/ds/", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith(" failed: its disk is full (No space left on device)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Messages, m => m.Contains("Unexpected failure", StringComparison.Ordinal) || m.Contains("quarantined", StringComparison.Ordinal)
            || m.Contains("splitting", StringComparison.Ordinal));
        var store = new FolderBlobStore(root);
        var layout = new DatasetLayout("ds", spec.Version);
        Assert.All(await Manifest.ReadVideoRecordsAsync(store, layout), r => Assert.Equal(VideoRecord.Ingested, r.Status));

        // Space freed: the rerun finishes the rest, with the clips of an uninterrupted run.
        var rerun = await IngestHarness.RunAsync(store, samples.Good, IngestHarness.Options(samples.Good, spec: spec));
        Assert.Equal(11, rerun.Ingested + rerun.Skipped);
        Assert.Equal(0, rerun.Quarantined);
        Assert.Equal(await IngestHarness.ClipsAsync(reference), await IngestHarness.ClipsAsync(store));
    }

    /// <summary>A folder store whose disk fills up after <paramref name="shardsThatFit"/> shards: later shard writes fail as the OS fails them.</summary>
    private sealed class FillingStore(IBlobStore inner, int shardsThatFit) : StoreDecorator(inner)
    {
        private int _shards;

        public override Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default) =>
            path.Contains("/shards/", StringComparison.Ordinal) && Interlocked.Increment(ref _shards) > shardsThatFit
                ? Inner.WriteAsync(path, FullDisk.Stream(), cancellationToken)
                : Inner.WriteAsync(path, content, cancellationToken);
    }
}
