using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Inference.Decoding;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Training;
using static TorchSharp.torch;

namespace VideoSsl.Inference.Embedding;

/// <summary>What became of one video: embedded (with its clip count) or quarantined with ingest's reason.</summary>
public sealed record EmbeddedVideo(string Path, string Status, int Clips, string? Reason);

/// <summary>The outcome of <c>videossl embed</c>.</summary>
public sealed record EmbedReport(string Run, int Step, string Out, IReadOnlyList<EmbeddedVideo> Videos, int Rows, double Seconds)
{
    /// <summary>Videos that gave embeddings.</summary>
    public int Embedded => Videos.Count(v => v.Status == EmbedRunner.Embedded);

    /// <summary>Videos that could not be decoded into a clip.</summary>
    public int Quarantined => Videos.Count(v => v.Status == InputStatus.Quarantined);
}

/// <summary>
/// Embeds every video of a source with a run's encoder and writes the embeddings as Parquet. Decoding runs ahead on its
/// own tasks (<see cref="SourceClipReader"/>) while the encoder works through fixed batches of clips in source order on
/// one tensor thread, so the same input gives the same batches and the same floats.
/// </summary>
public static class EmbedRunner
{
    /// <summary>The status of a video that gave embeddings.</summary>
    public const string Embedded = "embedded";

    /// <summary>Embeds <paramref name="source"/> (or <see cref="EmbedOptions.Dataset"/> when it is null) and writes <see cref="EmbedOptions.Out"/> (this partition's file).</summary>
    public static async Task<EmbedReport> RunAsync(EmbedOptions options, IBlobStore store, IVideoSource? source, Action<string> log, CancellationToken cancellationToken = default)
    {
        var (clock, device, checkpoint) = await RunCheckpointStart.OpenAsync("embed", options.Validate(), options.Device, store, options.Run, cancellationToken).ConfigureAwait(false);
        ClipSpec spec;
        ChannelReader<DecodedVideo> videos;
        if (options.Dataset is { } name)
        {
            var dataset = await ClipDataset.OpenAsync(store, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            spec = dataset.Info.Spec; // resampled to the encoder's frames and size as evaluation resamples stored clips
            videos = new DatasetClipReader(dataset, options.Videos.Partition).Start(cancellationToken);
        }
        else
        {
            spec = TrainedEncoder.SpecOf(checkpoint);
            spec = spec with { Stride = options.Stride ?? spec.Frames };
            videos = options.Videos.StartReading(source ?? throw new ArgumentNullException(nameof(source)), spec, cancellationToken);
        }
        log($"Embedding {(options.Dataset is { } d ? $"dataset {d}" : source!.Description)} with run '{options.Run}' (step {checkpoint.Header.Step}, {checkpoint.Header.Model.Describe()}) on {TorchRuntime.Describe(device)}.");
        var (results, rows) = await Task.Factory.StartNew(() => Embed(checkpoint, device, spec, videos, options, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        var target = OutputTarget.ForPartition(options.Out!, options.Videos.Partition);
        var bytes = await EmbeddingFile.ToBytesAsync(rows, Metadata(options, checkpoint, spec), cancellationToken).ConfigureAwait(false);
        await OutputTarget.WriteAsync(target, bytes, store, cancellationToken).ConfigureAwait(false);
        return new EmbedReport(options.Run, checkpoint.Header.Step, OutputTarget.Describe(target, store), results, rows.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The file's key-value metadata: run, step, model, clip spec and whether rows are per video.</summary>
    public static Dictionary<string, string> Metadata(EmbedOptions options, Checkpoint checkpoint, ClipSpec spec) => new()
    {
        [EmbeddingFile.RunKey] = options.Run,
        [EmbeddingFile.StepKey] = checkpoint.Header.Step.ToString(CultureInfo.InvariantCulture),
        [EmbeddingFile.ModelKey] = checkpoint.Header.Model.Describe(),
        [EmbeddingFile.ClipSpecKey] = JsonSerializer.Serialize(spec, BlobStoreExtensions.Json),
        [EmbeddingFile.PerVideoKey] = options.PerVideo ? "true" : "false",
    };

    // The tensor thread: clips in source order, in batches of exactly BatchSize (the last may be short).
    private static (List<EmbeddedVideo> Videos, List<EmbeddingRow> Rows) Embed(
        Checkpoint checkpoint, Device device, ClipSpec spec, ChannelReader<DecodedVideo> videos, EmbedOptions options, CancellationToken cancellationToken)
    {
        using var trained = TrainedEncoder.Load(checkpoint, device);
        var results = new List<EmbeddedVideo>();
        var rows = new List<EmbeddingRow>();
        var batch = new List<(byte[] Clip, EmbeddingRow Row)>();
        void Flush()
        {
            if (batch.Count == 0)
            {
                return;
            }
            var features = trained.Embed([.. batch.Select(b => b.Clip)], spec.Shape);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Row.Embedding = [.. features[i]];
            }
            batch.Clear();
        }
        while (videos.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
        {
            while (videos.TryRead(out var video))
            {
                if (!video.Succeeded)
                {
                    results.Add(new EmbeddedVideo(video.Path, InputStatus.Quarantined, 0, video.Reason));
                    continue;
                }
                results.Add(new EmbeddedVideo(video.Path, Embedded, video.Clips.Count, null));
                for (var c = 0; c < video.Clips.Count; c++)
                {
                    var row = new EmbeddingRow { Path = video.Path, Clip = c, StartSeconds = video.Starts[c] };
                    rows.Add(row);
                    batch.Add((video.Clips[c], row));
                    if (batch.Count == options.BatchSize)
                    {
                        Flush();
                    }
                }
            }
        }
        Flush();
        return (results, options.PerVideo ? PerVideo(rows) : rows);
    }

    // Each video's mean embedding (clip −1, start 0), videos in source order.
    private static List<EmbeddingRow> PerVideo(List<EmbeddingRow> clips) =>
        [.. clips.GroupBy(r => r.Path, StringComparer.Ordinal).Select(g =>
        {
            var sum = new double[g.First().Embedding.Count];
            foreach (var row in g)
            {
                for (var i = 0; i < sum.Length; i++)
                {
                    sum[i] += row.Embedding[i];
                }
            }
            var count = g.Count();
            return new EmbeddingRow { Path = g.Key, Clip = -1, StartSeconds = 0, Embedding = [.. sum.Select(s => (float)(s / count))] };
        })];
}
