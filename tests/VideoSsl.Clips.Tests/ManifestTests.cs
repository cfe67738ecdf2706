using System.Runtime.CompilerServices;
using VideoSsl.Clips.Datasets;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Clips.Tests;

/// <summary>The manifest always ends up agreeing with the video records, whoever rebuilds it and whenever.</summary>
public sealed class ManifestTests : IDisposable
{
    private static readonly ClipSpec Spec = new(Size: 8, Frames: 2, Stride: 2);
    private readonly TempFolder _temp = new("manifest");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_rebuild_that_listed_before_another_workers_last_record_does_not_drop_it(bool manifestExisted)
    {
        var store = new FolderBlobStore(_temp["store"]);
        var layout = await TestDatasets.WriteAsync(store, "ds", Spec, [Clip(1), Clip(2)]);
        if (!manifestExisted)
        {
            await store.DeleteAsync(layout.Manifest);
        }
        var gated = new GatedStore(store, layout.VideosPrefix);

        // Worker A lists the two records, then stalls before writing the manifest.
        var a = Manifest.RebuildAsync(gated, layout);
        await gated.Listed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Meanwhile worker B commits a third video and rebuilds the manifest from all three.
        await AddVideoAsync(store, layout, "late");
        Assert.Equal(3, (await Manifest.RebuildAsync(store, layout)).Count);
        // A resumes with its stale listing.
        gated.Release.SetResult();
        await a.WaitAsync(TimeSpan.FromSeconds(30));

        var manifest = await Manifest.ReadAsync(store, layout);
        Assert.Contains(manifest, e => e.VideoId == "late");
        Assert.Null(Manifest.Disagreement(manifest, await Manifest.ReadVideoRecordsAsync(store, layout)));
        Assert.True(gated.Listings >= 2, "the stale writer should have listed the records again");
    }

    [Fact]
    public async Task A_manifest_that_already_agrees_is_not_rewritten()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var layout = await TestDatasets.WriteAsync(store, "ds", Spec, [Clip(1), Clip(2)]);
        var before = await store.GetPropertiesAsync(layout.Manifest);

        await Manifest.RebuildAsync(store, layout);

        Assert.Equal(before, await store.GetPropertiesAsync(layout.Manifest));
        Assert.True(await Manifest.AgreesAsync(store, layout, await Manifest.ReadVideoRecordsAsync(store, layout)));
    }

    [Fact]
    public async Task A_stale_manifest_is_named_as_disagreeing_with_the_records()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var layout = await TestDatasets.WriteAsync(store, "ds", Spec, [Clip(1), Clip(2), Clip(3)]);
        // Killed after the third record was written, before the manifest was rewritten.
        var lines = (await store.ReadTextAsync(layout.Manifest)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await store.WriteTextAsync(layout.Manifest, string.Join('\n', lines[..2]) + "\n");
        var records = await Manifest.ReadVideoRecordsAsync(store, layout);

        var disagreement = Manifest.Disagreement(await Manifest.ReadAsync(store, layout), records);

        Assert.False(await Manifest.AgreesAsync(store, layout, records));
        Assert.Equal("manifest.jsonl disagrees with the video records: it lists 2 clips of 2 videos, the records 3 clips of 3 videos "
            + "(1 recorded video(s) missing from it, 0 listed without a record)", disagreement);
    }

    private static byte[] Clip(int seed)
    {
        var bytes = new byte[Spec.Shape.ClipBytes];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // A record pointing at the first clip of the first shard: enough for the manifest, which never reads shards.
    private static async Task AddVideoAsync(IBlobStore store, DatasetLayout layout, string id)
    {
        var first = (await Manifest.ReadVideoRecordsAsync(store, layout))[0].Clips[0];
        await store.TryCreateJsonAsync(layout.Video(id), new VideoRecord(id, $"synthetic/{id}.mp4", "0", VideoRecord.Ingested, null, [first]));
    }

    /// <summary>A store whose first listing of <paramref name="gatedPrefix"/> completes, then waits for <see cref="Release"/>.</summary>
    private sealed class GatedStore(IBlobStore inner, string gatedPrefix) : StoreDecorator(inner)
    {
        private int _listings;

        public TaskCompletionSource Listed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Listings => _listings;

        public override async IAsyncEnumerable<BlobProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var first = prefix == gatedPrefix && Interlocked.Increment(ref _listings) == 1;
            await foreach (var blob in Inner.ListAsync(prefix, cancellationToken))
            {
                yield return blob;
            }
            if (first)
            {
                Listed.SetResult();
                await Release.Task;
            }
        }
    }
}
