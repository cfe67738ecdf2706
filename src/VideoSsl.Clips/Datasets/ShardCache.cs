using VideoSsl.Storage;

namespace VideoSsl.Clips.Datasets;

/// <summary>A local folder that keeps copies of shards read from a remote store, so each is downloaded once.</summary>
/// <remarks>Shards are immutable once written (every shard gets a new name), so a cached copy never goes stale.</remarks>
public sealed class ShardCache(string directory)
{
    /// <summary>The local folder.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Returns the shard's bytes, downloading it into the cache first if needed.</summary>
    public async Task<byte[]> GetAsync(IBlobStore store, string path, CancellationToken cancellationToken = default)
    {
        var local = Path.Combine(Directory, path.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(local))
        {
            await store.DownloadToFileAsync(path, local, cancellationToken).ConfigureAwait(false);
        }
        return await File.ReadAllBytesAsync(local, cancellationToken).ConfigureAwait(false);
    }
}
