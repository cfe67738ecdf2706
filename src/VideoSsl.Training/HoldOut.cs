using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using VideoSsl.Clips.Datasets;

namespace VideoSsl.Training;

/// <summary>The clips pretraining learns from and the held-out clips its validation losses are measured on (indices into the dataset's entries).</summary>
/// <param name="Training">Clips of every video that is not held out, in manifest order.</param>
/// <param name="Validation">The held-out clips validation uses, at most the requested number, taken from each dataset in turn.</param>
/// <param name="HeldOutVideos">Videos held out of training, over all datasets.</param>
public sealed record HoldOut(IReadOnlyList<int> Training, IReadOnlyList<int> Validation, int HeldOutVideos)
{
    /// <summary>
    /// Holds out <paramref name="videosPerDataset"/> videos of each dataset (at most a fifth of its videos): those whose
    /// ids hash lowest. The choice depends on the video ids alone (not on the seed, the order of the manifest or the
    /// other videos' clips), so every run on the same data holds out the same videos, and no clip of them is trained on.
    /// </summary>
    /// <param name="clips">Most held-out clips returned for validation.</param>
    public static HoldOut Split(IReadOnlyList<ManifestEntry> entries, int videosPerDataset, int clips)
    {
        if (videosPerDataset <= 0)
        {
            return new HoldOut([.. Enumerable.Range(0, entries.Count)], [], 0);
        }
        var held = new HashSet<(string, string)>();
        var perDataset = new List<List<int>>();
        foreach (var dataset in entries.Select((e, i) => (Entry: e, Index: i)).GroupBy(x => DatasetOf(x.Entry), StringComparer.Ordinal))
        {
            var videos = dataset.Select(x => x.Entry.VideoId).Distinct(StringComparer.Ordinal)
                .OrderBy(Rank).ThenBy(v => v, StringComparer.Ordinal).ToList();
            var chosen = videos.Take(Math.Min(videosPerDataset, videos.Count / 5)).ToList();
            var order = chosen.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
            held.UnionWith(chosen.Select(v => (dataset.Key, v)));
            perDataset.Add([.. dataset.Where(x => order.ContainsKey(x.Entry.VideoId))
                .OrderBy(x => order[x.Entry.VideoId]).ThenBy(x => x.Entry.ClipIndex).Select(x => x.Index)]);
        }
        var training = Enumerable.Range(0, entries.Count).Where(i => !held.Contains((DatasetOf(entries[i]), entries[i].VideoId))).ToList();
        // Round robin over the datasets, so a cap still validates on every one of them.
        var validation = new List<int>();
        for (var k = 0; validation.Count < clips && perDataset.Any(d => k < d.Count); k++)
        {
            validation.AddRange(perDataset.Where(d => k < d.Count).Select(d => d[k]).Take(clips - validation.Count));
        }
        return new HoldOut(training, validation, held.Count);
    }

    // The dataset an entry belongs to: a concatenation of datasets names shards by their full store path
    // (datasets/{name}/{version}/shards/…), a single dataset relative to its version root (shards/…).
    private static string DatasetOf(ManifestEntry entry)
    {
        var at = entry.Shard.LastIndexOf("shards/", StringComparison.Ordinal);
        return at <= 0 ? "" : entry.Shard[..at];
    }

    private static ulong Rank(string videoId) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("videossl-validation\0" + videoId)));
}
