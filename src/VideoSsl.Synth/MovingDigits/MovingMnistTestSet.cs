using System.Diagnostics;
using System.Globalization;
using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Clips.Shards;
using VideoSsl.Storage;
using VideoSsl.Synth.Digits;

namespace VideoSsl.Synth.MovingDigits;

/// <summary>What <see cref="MovingMnistTestSet.WriteAsync"/> did.</summary>
/// <param name="Written">False when the store already held exactly this test set.</param>
public sealed record MovingMnistTestSummary(string Dataset, string Version, int Sequences, int Shards, bool Written, string Digits, TimeSpan Elapsed);

/// <summary>
/// Writes the fixed Moving MNIST test set straight into the store as a dataset (gray 64×64, 20 frames, 10 fps):
/// shards, one record per shard of sequences, manifest, then the current-version pointer. No codec touches the pixels,
/// so the metrics score exactly what the generator drew.
/// </summary>
/// <remarks>
/// Sequence i is <see cref="MovingMnist.Render"/> with the options' seed and the test digits of <see cref="DigitSets"/>.
/// Every file is a pure function of the settings and is written atomically, the pointer last: a killed run leaves no
/// dataset, and a rerun writes the same bytes. A store that already has this test set is left as it is; a dataset of the
/// same name made otherwise is refused, never mixed.
/// </remarks>
public static class MovingMnistTestSet
{
    /// <summary>Sequences per shard (41 MB of pixels).</summary>
    public const int ShardSequences = 500;

    /// <summary>The clip spec of the protocol's sequences; it names the dataset version.</summary>
    public static ClipSpec Spec { get; } = new(10, MovingMnist.Size, ColorMode.Gray, MovingMnist.Frames, MovingMnist.Frames);

    /// <summary>Writes the test set <paramref name="options"/> describe, unless the store already holds it.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">The dataset name is taken by other clips.</exception>
    public static async Task<MovingMnistTestSummary> WriteAsync(IBlobStore store, MovingMnistTestOptions options, IProgress<SynthProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid moving-mnist options: " + string.Join("; ", problems) + ".", nameof(options));
        }
        var clock = Stopwatch.StartNew();
        var digits = await DigitSets.LoadAsync(options.Digits, cancellationToken).ConfigureAwait(false);
        var layout = new DatasetLayout(DatasetLayout.ValidateName(options.Dataset), Spec.Version);
        var blocks = (options.Count + ShardSequences - 1) / ShardSequences;
        var records = Enumerable.Range(0, blocks).Select(b => Record(options, digits, b)).ToList();
        if (await AlreadyWrittenAsync(store, layout, options, records, cancellationToken).ConfigureAwait(false))
        {
            return new MovingMnistTestSummary(options.Dataset, layout.Version, options.Count, blocks, false, digits.Description, clock.Elapsed);
        }

        await store.WriteJsonAsync(layout.Info, new DatasetInfo(options.Dataset, layout.Version, Spec, ShardFormat.Version, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        var writer = new ShardWriter(Spec.Shape);
        var pixels = new byte[MovingMnist.SequenceBytes];
        progress?.Report(new SynthProgress(0, options.Count, 0, null));
        foreach (var record in records)
        {
            writer.Clear();
            foreach (var clip in record.Clips)
            {
                MovingMnist.Render(options.Seed, First(record) + clip.ClipIndex, options.Split == DigitSplit.Train ? digits.Train : digits.Test, pixels);
                writer.Add(pixels);
            }
            await using (var shard = writer.ToStream())
            {
                await store.WriteAsync(layout.Shard(record.Clips[0].Shard), shard, cancellationToken).ConfigureAwait(false);
            }
            await store.WriteJsonAsync(layout.Video(record.VideoId), record, cancellationToken).ConfigureAwait(false);
            var done = First(record) + record.Clips.Count;
            progress?.Report(new SynthProgress(done, options.Count, 0, record.VideoId));
        }
        await DeleteStaleRecordsAsync(store, layout, records, cancellationToken).ConfigureAwait(false);
        await Manifest.RebuildAsync(store, layout, cancellationToken).ConfigureAwait(false);
        await store.WriteJsonAsync(DatasetLayout.CurrentPointer(options.Dataset), new CurrentVersion(layout.Version, Spec, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        return new MovingMnistTestSummary(options.Dataset, layout.Version, options.Count, blocks, true, digits.Description, clock.Elapsed);
    }

    /// <summary>The source the sequences <paramref name="first"/>–<paramref name="last"/> record: generator, digits, seed and the range (zero-padded, so the manifest's source order is the sequences' order).</summary>
    internal static string Source(MovingMnistTestOptions options, DigitSets digits, int first, int last) =>
        $"generated:moving-mnist-test?digits={digits.Identity}{(options.Split == DigitSplit.Train ? "&split=train" : "")}&seed={options.Seed.ToString(CultureInfo.InvariantCulture)}&sequences={first:00000}-{last:00000}";

    // One record per shard: its sequences are the "video"'s clips, clip k being sequence first + k.
    private static VideoRecord Record(MovingMnistTestOptions options, DigitSets digits, int block)
    {
        var first = block * ShardSequences;
        var count = Math.Min(ShardSequences, options.Count - first);
        var shard = $"shards/{block:00000}.vss";
        var shape = Spec.Shape;
        var clips = Enumerable.Range(0, count)
            .Select(k => new ClipLocation(k, 0, shard, k, ShardFormat.HeaderSize + 8L * count + (long)k * shape.ClipBytes))
            .ToList();
        var source = Source(options, digits, first, first + count - 1);
        return new VideoRecord($"sequences-{first:00000}-{first + count - 1:00000}", source, source, VideoRecord.Ingested, null, clips);
    }

    private static int First(VideoRecord record) =>
        int.Parse(record.VideoId.AsSpan("sequences-".Length, 5), CultureInfo.InvariantCulture);

    private static async Task<bool> AlreadyWrittenAsync(IBlobStore store, DatasetLayout layout, MovingMnistTestOptions options, IReadOnlyList<VideoRecord> records, CancellationToken cancellationToken)
    {
        var current = await store.ReadJsonOrDefaultAsync<CurrentVersion>(DatasetLayout.CurrentPointer(options.Dataset), cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return false;
        }
        var expected = records.SelectMany(r => r.Clips.Select(_ => r.Source)).ToList();
        var entries = current.Version == layout.Version && await store.ExistsAsync(layout.Manifest, cancellationToken).ConfigureAwait(false)
            ? await Manifest.ReadAsync(store, layout, cancellationToken).ConfigureAwait(false)
            : [];
        if (entries.Select(e => e.Source).SequenceEqual(expected, StringComparer.Ordinal))
        {
            return true;
        }
        var held = entries.Count == 0 ? $"version {current.Version}" : $"{entries.Count} clips from {entries[0].Source}";
        throw new InvalidOperationException(
            $"Dataset '{options.Dataset}' in {store.Description} already holds other clips ({held}); this test set ({options.Count} sequences, seed {options.Seed}) would mix with them. Pick another --dataset name.");
    }

    // Records of blocks a killed run with more sequences left behind; the manifest is rebuilt from the records.
    private static async Task DeleteStaleRecordsAsync(IBlobStore store, DatasetLayout layout, IReadOnlyList<VideoRecord> records, CancellationToken cancellationToken)
    {
        var keep = records.Select(r => layout.Video(r.VideoId)).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string>();
        await foreach (var blob in store.ListAsync(layout.VideosPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (!keep.Contains(blob.Path))
            {
                stale.Add(blob.Path);
            }
        }
        foreach (var path in stale)
        {
            await store.DeleteAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
