using System.Text.Json;
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
                var version = await ReadVersionAsync(store, dataset.CurrentPointer, cancellationToken);
                return version is not null && await store.ExistsAsync(dataset.Manifest(version), cancellationToken);
            case CheckpointMarker checkpoint:
                return await StageInvocation.ReadLatestStepAsync(store, checkpoint.LatestPointer, cancellationToken) is { } step && step >= checkpoint.MinStep;
            case FolderMarker folder:
                return Directory.Exists(folder.LocalPath) && Directory.EnumerateFiles(folder.LocalPath, "*", SearchOption.AllDirectories).Any();
            default:
                throw new ArgumentException($"Unknown done-marker {marker.GetType().Name}.", nameof(marker));
        }
    }

    private static async Task<string?> ReadVersionAsync(IBlobStore store, string pointer, CancellationToken cancellationToken)
    {
        if (!await store.ExistsAsync(pointer, cancellationToken))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(await store.ReadTextAsync(pointer, cancellationToken));
            return document.RootElement.EnumerateObject()
                .FirstOrDefault(p => string.Equals(p.Name, "version", StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v
                ? v.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null; // a damaged pointer means "not done": ingest rewrites it
        }
    }
}
