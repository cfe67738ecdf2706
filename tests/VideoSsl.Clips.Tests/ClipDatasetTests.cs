using VideoSsl.Clips.Datasets;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Clips.Tests;

public sealed class ClipDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new("clips");

    public void Dispose() => _temp.Dispose();

    private static byte[] Clip(ClipSpec spec, int seed)
    {
        var bytes = new byte[spec.Shape.ClipBytes];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Random_access_and_streaming_return_the_same_clips()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var spec = new ClipSpec(Size: 16, Frames: 4, Stride: 4);
        var clips = Enumerable.Range(0, 23).Select(i => Clip(spec, i)).ToList();
        await TestDatasets.WriteAsync(store, "ds", spec, clips, clipsPerShard: 5);

        var dataset = await ClipDataset.OpenAsync(store, "ds");
        Assert.Equal(23, dataset.Count);
        Assert.Equal(5, dataset.Shards.Count);
        await AssertReadsBackAsync(dataset, clips);
    }

    [Fact]
    public async Task Shard_cache_downloads_each_shard_once_and_serves_the_same_bytes()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var spec = new ClipSpec(Size: 8, Frames: 2, Stride: 2);
        var clips = Enumerable.Range(0, 6).Select(i => Clip(spec, i)).ToList();
        await TestDatasets.WriteAsync(store, "ds", spec, clips, clipsPerShard: 3);
        var cache = new ShardCache(_temp["cache"]);
        var dataset = await ClipDataset.OpenAsync(store, "ds", cache: cache);
        Assert.Equal(clips[4], await dataset.ReadClipAsync(4));
        // Clip 4 lives in the second shard: only that one was downloaded.
        Assert.Single(Directory.EnumerateFiles(cache.Directory, "*.vss", SearchOption.AllDirectories));
        Assert.Equal(clips[5], await dataset.ReadClipAsync(5));
    }

    [Fact]
    public async Task A_corrupted_clip_is_reported_on_random_access()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var spec = new ClipSpec(Size: 8, Frames: 2, Stride: 2);
        var layout = await TestDatasets.WriteAsync(store, "ds", spec, [Clip(spec, 1), Clip(spec, 2)]);
        var dataset = await ClipDataset.OpenAsync(store, "ds");
        var shard = store.GetLocalPath(layout.Shard(dataset.Entries[1].Shard));
        var bytes = await File.ReadAllBytesAsync(shard);
        bytes[^1] ^= 0xff;
        await File.WriteAllBytesAsync(shard, bytes);
        Assert.Equal(Clip(spec, 1), await dataset.ReadClipAsync(0));
        await Assert.ThrowsAsync<InvalidDataException>(() => dataset.ReadClipAsync(1));
    }

    [Fact]
    public async Task Opening_a_missing_dataset_says_how_to_make_it()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ClipDataset.OpenAsync(store, "nope"));
        Assert.Contains("videossl ingest", e.Message);
    }

    [Fact]
    public async Task Several_datasets_open_as_one_concatenation_in_order()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var spec = new ClipSpec(Size: 8, Frames: 2, Stride: 2);
        var first = Enumerable.Range(0, 7).Select(i => Clip(spec, i)).ToList();
        var second = Enumerable.Range(100, 5).Select(i => Clip(spec, i)).ToList();
        await TestDatasets.WriteAsync(store, "a", spec, first, clipsPerShard: 3);
        await TestDatasets.WriteAsync(store, "b", spec, second, clipsPerShard: 3);
        var clips = first.Concat(second).ToList();

        var dataset = await ClipDataset.OpenManyAsync(store, ["a", "b"], cache: null);
        Assert.Equal(12, dataset.Count);
        Assert.Equal(5, dataset.Shards.Count);
        Assert.Equal("a+b", dataset.Info.Name);
        Assert.Equal($"{spec.Version}+{spec.Version}", dataset.Info.Version);
        Assert.Equal(spec.Shape, dataset.Shape);
        Assert.Equal(Enumerable.Range(0, 12), dataset.Entries.Select(e => e.Clip));
        await AssertReadsBackAsync(dataset, clips);

        var cached = await ClipDataset.OpenManyAsync(store, ["b", "a"], cache: new ShardCache(_temp["cache"]));
        Assert.Equal(second.Concat(first), await Task.WhenAll(Enumerable.Range(0, 12).Select(i => cached.ReadClipAsync(i))));

        var single = await ClipDataset.OpenManyAsync(store, ["b"]);
        Assert.Equal("b", single.Info.Name);
        Assert.Equal(second[4], await single.ReadClipAsync(4));
    }

    [Fact]
    public async Task Several_datasets_of_different_shapes_are_refused()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var small = new ClipSpec(Size: 8, Frames: 2, Stride: 2);
        var large = new ClipSpec(Size: 16, Frames: 2, Stride: 2);
        await TestDatasets.WriteAsync(store, "small", small, [Clip(small, 1)]);
        await TestDatasets.WriteAsync(store, "large", large, [Clip(large, 2)]);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ClipDataset.OpenManyAsync(store, ["small", "large"]));
        Assert.Contains("'small'", e.Message);
        Assert.Contains("'large'", e.Message);
        Assert.Contains(small.Shape.ToString(), e.Message);
        Assert.Contains(large.Shape.ToString(), e.Message);
        Assert.Contains("--size/--frames/--color", e.Message);

        await Assert.ThrowsAsync<ArgumentException>(() => ClipDataset.OpenManyAsync(store, ["small", "large"], small.Version));
    }

    // Every clip reads back as written, one at a time by index and all together in clip order by streaming.
    private static async Task AssertReadsBackAsync(ClipDataset dataset, IReadOnlyList<byte[]> clips)
    {
        for (var i = 0; i < clips.Count; i++)
        {
            Assert.Equal(clips[i], await dataset.ReadClipAsync(i));
        }
        var streamed = new List<byte[]>();
        await foreach (var (entry, pixels) in dataset.StreamAsync())
        {
            Assert.Equal(streamed.Count, entry.Clip);
            streamed.Add(pixels.ToArray());
        }
        Assert.Equal(clips, streamed);
    }
}
