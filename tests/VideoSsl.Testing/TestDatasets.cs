using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Clips.Shards;
using VideoSsl.Storage;

namespace VideoSsl.Testing;

/// <summary>Writes a dataset version straight from clip bytes, the way ingestion lays it out, without ffmpeg.</summary>
public static class TestDatasets
{
    /// <summary>Writes <paramref name="clips"/> (each spec.Shape.ClipBytes long) as one video per clip, <paramref name="clipsPerShard"/> per shard.</summary>
    public static async Task<DatasetLayout> WriteAsync(
        IBlobStore store, string name, ClipSpec spec, IReadOnlyList<byte[]> clips,
        IReadOnlyList<string?>? labels = null, IReadOnlyList<string?>? splits = null, int clipsPerShard = 16)
    {
        var layout = new DatasetLayout(name, spec.Version);
        await store.WriteJsonAsync(layout.Info, new DatasetInfo(name, spec.Version, spec, ShardFormat.Version, DateTimeOffset.UtcNow));
        for (var start = 0; start < clips.Count; start += clipsPerShard)
        {
            var writer = new ShardWriter(spec.Shape);
            var end = Math.Min(clips.Count, start + clipsPerShard);
            for (var i = start; i < end; i++)
            {
                writer.Add(clips[i]);
            }
            var shard = $"shards/test-{start:D6}{ShardFormat.Extension}";
            await using (var stream = writer.ToStream())
            {
                await store.WriteAsync(layout.Shard(shard), stream);
            }
            for (var i = start; i < end; i++)
            {
                var id = $"video{i:D6}";
                var location = new ClipLocation(0, 0, shard, i - start, writer.OffsetOf(i - start));
                await store.WriteJsonAsync(layout.Video(id), new VideoRecord(id, $"synthetic/{id}.mp4", "0", VideoRecord.Ingested, null,
                    [location], labels?[i], splits?[i]));
            }
        }
        await Manifest.RebuildAsync(store, layout);
        await store.WriteJsonAsync(DatasetLayout.CurrentPointer(name), new CurrentVersion(spec.Version, spec, DateTimeOffset.UtcNow));
        return layout;
    }
}
