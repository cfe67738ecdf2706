using VideoSsl.Storage;

namespace VideoSsl.Clips.Datasets;

/// <summary>Where a dataset version's files live in a store.</summary>
/// <remarks>
/// <code>
/// datasets/{name}/current.json              which version was ingested last
/// datasets/{name}/{version}/dataset.json    the clip spec and shape (written once)
/// datasets/{name}/{version}/shards/*.vss    clip shards
/// datasets/{name}/{version}/videos/{id}.json one outcome per source video (ingested with its clips, or quarantined)
/// datasets/{name}/{version}/claims/{id}     workers' expiring claims on videos in progress
/// datasets/{name}/{version}/manifest.jsonl  one line per clip, consolidated from videos/
/// </code>
/// </remarks>
public sealed record DatasetLayout(string Name, string Version)
{
    /// <summary>The dataset's folder (all versions).</summary>
    public static string DatasetRoot(string name) => BlobPath.Join("datasets", ValidateName(name));

    /// <summary>The pointer to the last ingested version.</summary>
    public static string CurrentPointer(string name) => BlobPath.Join(DatasetRoot(name), "current.json");

    /// <summary>This version's folder.</summary>
    public string Root => BlobPath.Join(DatasetRoot(Name), Version);

    public string Info => BlobPath.Join(Root, "dataset.json");

    public string Manifest => BlobPath.Join(Root, "manifest.jsonl");

    public string ShardsPrefix => BlobPath.Join(Root, "shards") + "/";

    public string VideosPrefix => BlobPath.Join(Root, "videos") + "/";

    public string ClaimsPrefix => BlobPath.Join(Root, "claims");

    /// <summary>The outcome record of one video.</summary>
    public string Video(string videoId) => BlobPath.Join(Root, "videos", videoId + ".json");

    /// <summary>The full path of a shard from its name relative to the version root.</summary>
    public string Shard(string relative) => BlobPath.Join(Root, relative);

    /// <summary>Checks a dataset name: letters, digits, '-', '_' and '.', 1 to 64 characters.</summary>
    public static string ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || name.StartsWith('.')
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"Dataset name '{BlobPath.Printable(name ?? "")}' is not valid: use 1-64 letters, digits, '-', '_' or '.', not starting with '.'.");
        }
        return name;
    }
}
