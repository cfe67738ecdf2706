using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using VideoSsl.Storage;

namespace VideoSsl.Clips.Datasets;

/// <summary>Builds, writes and reads a dataset version's manifest (JSON lines, one per clip).</summary>
public static class Manifest
{
    private const int MaxRebuildAttempts = 100;

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

    /// <summary>Makes the manifest agree with the video records, whoever else writes either meanwhile; returns its entries.</summary>
    /// <remarks>
    /// Rewrite until stable: note the manifest's ETag, list and read the records, then replace the manifest only if it
    /// still has that ETag (or create it only if there is none); if another writer got there first, start again from a
    /// new listing. A replace that succeeds therefore rests on a listing taken after every manifest written before it,
    /// so a record committed before any writer's rebuild began is in the last manifest written: two workers finishing
    /// together never drop each other's videos. A manifest that already says what the records say is left as it is.
    /// </remarks>
    public static async Task<IReadOnlyList<ManifestEntry>> RebuildAsync(IBlobStore store, DatasetLayout layout, CancellationToken cancellationToken = default)
    {
        // Each lost race means another writer finished a rebuild; a few workers settle in a few rounds.
        for (var attempt = 1; ; attempt++)
        {
            var before = await store.GetPropertiesAsync(layout.Manifest, cancellationToken).ConfigureAwait(false);
            var entries = Entries(await ReadVideoRecordsAsync(store, layout, cancellationToken).ConfigureAwait(false));
            var text = Encoding.UTF8.GetBytes(Text(entries));
            if (await HoldsAsync(store, layout, before, text, cancellationToken).ConfigureAwait(false))
            {
                return entries;
            }
            var written = before is null
                ? await store.TryCreateAsync(layout.Manifest, text, cancellationToken).ConfigureAwait(false)
                : await store.TryReplaceAsync(layout.Manifest, text, before.ETag, cancellationToken).ConfigureAwait(false);
            if (written)
            {
                return entries;
            }
            if (attempt == MaxRebuildAttempts)
            {
                throw new IOException($"Could not rewrite {layout.Manifest} in {store.Description}: it changed under each of {attempt} attempts; rerun to finish.");
            }
        }
    }

    /// <summary>True when the manifest exists and lists exactly the clips of <paramref name="videos"/> (the records in source order).</summary>
    public static async Task<bool> AgreesAsync(IBlobStore store, DatasetLayout layout, IReadOnlyList<VideoRecord> videos, CancellationToken cancellationToken = default)
    {
        var manifest = await store.GetPropertiesAsync(layout.Manifest, cancellationToken).ConfigureAwait(false);
        return await HoldsAsync(store, layout, manifest, Encoding.UTF8.GetBytes(Text(Entries(videos))), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How the manifest's entries differ from those the records give, in one line, or null when they agree (a manifest
    /// rewrite that a killed ingest never made, or a file changed by hand).
    /// </summary>
    public static string? Disagreement(IReadOnlyList<ManifestEntry> manifest, IReadOnlyList<VideoRecord> videos)
    {
        var expected = Entries(videos);
        if (manifest.SequenceEqual(expected))
        {
            return null;
        }
        var listed = manifest.Select(e => e.VideoId).ToHashSet(StringComparer.Ordinal);
        var recorded = expected.Select(e => e.VideoId).ToHashSet(StringComparer.Ordinal);
        var missing = recorded.Count(v => !listed.Contains(v));
        var extra = listed.Count(v => !recorded.Contains(v));
        var detail = missing > 0 || extra > 0
            ? $"{missing} recorded video(s) missing from it, {extra} listed without a record"
            : "the same videos, with different clips, labels or order";
        return $"manifest.jsonl disagrees with the video records: it lists {manifest.Count} clips of {listed.Count} videos, the records {expected.Count} clips of {recorded.Count} videos ({detail})";
    }

    // The length first: a manifest that must change nearly always changes length, and then it is not read.
    private static async Task<bool> HoldsAsync(IBlobStore store, DatasetLayout layout, BlobProperties? manifest, byte[] text, CancellationToken cancellationToken) =>
        manifest is not null && manifest.Length == text.Length
        && (await store.ReadAllBytesAsync(layout.Manifest, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(text);

    private static string Text(IReadOnlyList<ManifestEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(JsonSerializer.Serialize(entry, BlobStoreExtensions.Json)).Append('\n');
        }
        return text.ToString();
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
