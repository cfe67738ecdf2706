using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using VideoSsl.Storage;

namespace VideoSsl.Clips.Datasets;

/// <summary>Builds, writes and reads a dataset version's manifest (JSON lines, one per clip).</summary>
public static class Manifest
{
    /// <summary>Reads every video record of a version, in source order.</summary>
    public static async Task<IReadOnlyList<VideoRecord>> ReadVideoRecordsAsync(IBlobStore store, DatasetLayout layout, CancellationToken cancellationToken = default)
    {
        var paths = new List<string>();
        await foreach (var blob in store.ListAsync(layout.VideosPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (blob.Path.EndsWith(".json", StringComparison.Ordinal))
            {
                paths.Add(blob.Path);
            }
        }
        var records = new ConcurrentBag<VideoRecord>();
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (path, ct) =>
        {
            var record = await store.ReadJsonOrDefaultAsync<VideoRecord>(path, ct).ConfigureAwait(false);
            if (record is not null)
            {
                records.Add(record);
            }
        }).ConfigureAwait(false);
        return records.OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.VideoId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Numbers the clips of the ingested videos in source order.</summary>
    public static IReadOnlyList<ManifestEntry> Entries(IEnumerable<VideoRecord> videos)
    {
        var entries = new List<ManifestEntry>();
        foreach (var video in videos)
        {
            foreach (var clip in video.Clips.OrderBy(c => c.ClipIndex))
            {
                entries.Add(new ManifestEntry(entries.Count, video.VideoId, video.Source, video.SourceHash, clip.ClipIndex, clip.StartSeconds,
                    clip.Shard, clip.ShardIndex, clip.Offset, video.Label, video.Split));
            }
        }
        return entries;
    }

    /// <summary>Rebuilds the manifest from the video records and writes it atomically; returns its entries.</summary>
    public static async Task<IReadOnlyList<ManifestEntry>> RebuildAsync(IBlobStore store, DatasetLayout layout, CancellationToken cancellationToken = default)
    {
        var entries = Entries(await ReadVideoRecordsAsync(store, layout, cancellationToken).ConfigureAwait(false));
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(JsonSerializer.Serialize(entry, BlobStoreExtensions.Json)).Append('\n');
        }
        await store.WriteTextAsync(layout.Manifest, text.ToString(), cancellationToken).ConfigureAwait(false);
        return entries;
    }

    /// <summary>Reads a manifest, naming the line of any entry that does not parse.</summary>
    public static async Task<IReadOnlyList<ManifestEntry>> ReadAsync(IBlobStore store, DatasetLayout layout, CancellationToken cancellationToken = default)
    {
        var text = await store.ReadTextAsync(layout.Manifest, cancellationToken).ConfigureAwait(false);
        var entries = new List<ManifestEntry>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            try
            {
                entries.Add(JsonSerializer.Deserialize<ManifestEntry>(line, BlobStoreExtensions.Json)
                    ?? throw new JsonException("null entry"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{layout.Manifest} line {lineNumber}: not a manifest entry ({e.Message}).", e);
            }
        }
        return entries;
    }
}
