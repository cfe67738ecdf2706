using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Storage;

namespace VideoSsl.Ingestion.Tests;

/// <summary>Small helpers for running ingestion in tests and reading back what it wrote.</summary>
public static class IngestHarness
{
    public static readonly ClipSpec Spec = new(FrameRate: 10, Size: 32, Color: ColorMode.Rgb, Frames: 10, Stride: 10);

    public static IngestOptions Options(string source, string dataset = "ds", ClipSpec? spec = null, int workers = 2) =>
        new() { Source = source, Dataset = dataset, Spec = spec ?? Spec, Workers = workers, ShardSizeMb = 1 };

    public static Task<IngestReport> RunAsync(IBlobStore store, string source, IngestOptions? options = null, CancellationToken cancellationToken = default) =>
        new IngestionWorker(store, new FolderVideoSource(source), options ?? Options(source)).RunAsync(cancellationToken: cancellationToken);

    /// <summary>Every clip's bytes keyed by (source, clip index), read through the reader API.</summary>
    public static async Task<Dictionary<(string Source, int ClipIndex), byte[]>> ClipsAsync(IBlobStore store, string dataset = "ds")
    {
        var data = await ClipDataset.OpenAsync(store, dataset);
        var clips = new Dictionary<(string, int), byte[]>();
        await foreach (var (entry, pixels) in data.StreamAsync())
        {
            clips.Add((entry.Source, entry.ClipIndex), pixels.ToArray());
        }
        return clips;
    }

    /// <summary>Every blob path with its length and ETag: a fingerprint of the store's state.</summary>
    public static async Task<List<string>> SnapshotAsync(IBlobStore store)
    {
        var all = new List<string>();
        await foreach (var blob in store.ListAsync(""))
        {
            all.Add($"{blob.Path} {blob.Length} {blob.ETag}");
        }
        return all;
    }
}
