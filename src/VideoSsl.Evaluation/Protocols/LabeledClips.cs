using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Evaluation.Labeled;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Storage;

namespace VideoSsl.Evaluation.Protocols;

/// <summary>A labeled set's clips in memory: train and test, with class indices and video ids.</summary>
public sealed record LabeledClips(
    LabeledVideoSet Set,
    ClipDataset Dataset,
    IReadOnlyList<ManifestEntry> Train,
    IReadOnlyList<ManifestEntry> Test,
    IReadOnlyDictionary<int, byte[]> Pixels)
{
    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> Classes => Set.Classes;

    /// <summary>Class index of an entry.</summary>
    public int LabelOf(ManifestEntry entry) => Set.ClassIndex(entry.Label!);

    /// <summary>
    /// How labeled videos are cut for a model: its frames and size at 10 fps, stride = clip length (the way ingest cuts
    /// by default, so a labeled set the pipeline already ingested with --labels is found done); videos longer than one
    /// clip give several test views. Fine-tuned classifiers carry it, and classify cuts new videos the same way.
    /// </summary>
    public static ClipSpec SpecFor(VideoSsl.Models.VideoModelConfig config) =>
        new(10, config.ImageSize, config.Channels == 1 ? ColorMode.Gray : ColorMode.Rgb, config.Frames, config.Frames);

    /// <summary>Reads the labeled layout, ingests the videos through the normal ingestion path (labels ride along), and loads every clip.</summary>
    /// <param name="requireTest">When false a set without test clips loads (its <see cref="Test"/> is empty): fine-tuning a classifier to keep needs no test split.</param>
    public static async Task<LabeledClips> LoadAsync(IBlobStore store, EvaluateOptions options, ClipSpec spec, Action<string> log, CancellationToken cancellationToken, bool requireTest = true)
    {
        var set = await LabeledSetReader.ReadAsync(options.Labeled!, new LabeledSetOptions { Layout = options.Layout }, cancellationToken).ConfigureAwait(false);
        log($"Labeled set {set.Root}: {set.Layout}, {set.Classes.Count} classes, {set.InSplit(Splits.Train).Count} train / {set.InSplit(Splits.Test).Count} test videos.");
        var ingest = new IngestOptions { Dataset = options.Dataset, Source = set.Root, Spec = spec, Labels = set.ToIngestLabels() };
        var report = await new IngestionWorker(store, new FolderVideoSource(set.Root), ingest).RunAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (report.Quarantined > 0)
        {
            log($"{report.Quarantined} labeled videos were quarantined and are left out (see `videossl inspect --dataset {options.Dataset}`).");
        }
        var dataset = await ClipDataset.OpenAsync(store, options.Dataset, spec.Version, cancellationToken: cancellationToken).ConfigureAwait(false);
        var train = dataset.Entries.Where(e => e.Split == Splits.Train && e.Label is not null).ToList();
        var test = dataset.Entries.Where(e => e.Split == Splits.Test && e.Label is not null)
            .GroupBy(e => e.VideoId).SelectMany(g => Views(g.OrderBy(e => e.ClipIndex).ToList(), options.Views)).ToList();
        if (train.Count == 0 || (requireTest && test.Count == 0))
        {
            throw new InvalidOperationException($"Labeled set '{set.Root}' gave {train.Count} train and {test.Count} test clips; both splits need clips.");
        }
        var pixels = new Dictionary<int, byte[]>();
        await foreach (var (entry, clip) in dataset.StreamAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            pixels[entry.Clip] = clip.ToArray();
        }
        return new LabeledClips(set, dataset, train, test, pixels);
    }

    /// <summary>At most <paramref name="views"/> of a video's clips (in clip order), spread evenly over its length: the clips multi-view testing averages.</summary>
    public static IEnumerable<T> Views<T>(IReadOnlyList<T> clips, int views)
    {
        if (clips.Count <= views)
        {
            return clips;
        }
        return Enumerable.Range(0, views).Select(i => clips[(int)Math.Round(i * (clips.Count - 1) / (double)Math.Max(1, views - 1))]).Distinct();
    }
}
