using VideoSsl.Clips.Datasets;
using VideoSsl.Pipelines.Graph;
using VideoSsl.Storage;

namespace VideoSsl.Pipelines.Local;

/// <summary>Checks done-markers against a store (and, for synthesized videos, the local disk).</summary>
public static class DoneMarkerProbe
{
    /// <summary>The first marker that is not satisfied, described, or null when all are.</summary>
    public static async Task<string?> FirstMissingAsync(IEnumerable<DoneMarker> markers, IBlobStore store, CancellationToken cancellationToken = default)
    {
        foreach (var marker in markers)
        {
            if (!await IsSatisfiedAsync(marker, store, cancellationToken))
            {
                return marker.Describe();
            }
        }

        return null;
    }

    public static async Task<bool> IsSatisfiedAsync(DoneMarker marker, IBlobStore store, CancellationToken cancellationToken = default)
    {
        switch (marker)
        {
            case BlobMarker blob:
                return await store.ExistsAsync(blob.Path, cancellationToken);
            case DatasetMarker dataset:
                var version = await ReadVersionAsync(store, dataset.Dataset, cancellationToken);
                return version is not null && await store.ExistsAsync(new DatasetLayout(dataset.Dataset, version).Manifest, cancellationToken);
            case CheckpointMarker checkpoint:
                return await checkpoint.Run.ReadLatestAsync(store, cancellationToken) is { } latest && latest.Step >= checkpoint.MinStep;
            case FolderMarker folder:
                return Directory.Exists(folder.LocalPath) && Directory.EnumerateFiles(folder.LocalPath, "*", SearchOption.AllDirectories).Any();
            default:
                throw new ArgumentException($"Unknown done-marker {marker.GetType().Name}.", nameof(marker));
        }
    }

    private static async Task<string?> ReadVersionAsync(IBlobStore store, string dataset, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.ReadJsonOrDefaultAsync<CurrentVersion>(DatasetLayout.CurrentPointer(dataset), cancellationToken))?.Version;
        }
        catch (InvalidDataException)
        {
            return null; // a damaged pointer means "not done": ingest rewrites it
        }
    }
}
