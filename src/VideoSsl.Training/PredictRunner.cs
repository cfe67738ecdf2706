using VideoSsl.Clips.Datasets;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Rendering;
using static TorchSharp.torch;

namespace VideoSsl.Training;

/// <summary>What `videossl predict` renders: which run and checkpoint, which clips, where the images go.</summary>
public sealed record PredictOptions
{
    /// <summary>Pretraining run whose latest checkpoint to use; images go to runs/{run}/predictions.</summary>
    public string RunName { get; init; } = "pretrain";

    /// <summary>A checkpoint blob path; null takes the run's latest.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Dataset to take clips from (several, comma-separated, are read as one concatenation); null takes the one(s) the run trained on.</summary>
    public string? Dataset { get; init; }

    /// <summary>Dataset version; only with a single dataset.</summary>
    public string? DatasetVersion { get; init; }

    /// <summary>Clip numbers (manifest order).</summary>
    public IReadOnlyList<int> Clips { get; init; } = [0, 1, 2, 3];

    /// <summary>Store folder for the images; null is runs/{RunName}/predictions.</summary>
    public string? OutputPrefix { get; init; }

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Each clip pixel becomes a Scale × Scale block.</summary>
    public int Scale { get; init; } = 3;

    /// <summary>Mask ratio of the masked-reconstruction image.</summary>
    public double MaskRatio { get; init; } = 0.9;

    /// <summary>Seed of the tube mask of the masked-reconstruction image.</summary>
    public long Seed { get; init; }

    /// <summary>Also write an animated GIF per clip (ground truth beside context-then-prediction).</summary>
    public bool Gif { get; init; } = true;

    /// <summary>Local folder caching shards read from a remote store; null reads the store directly.</summary>
    public string? CacheDirectory { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(RunName))
        {
            problems.Add("run: a run name is required");
        }
        if (Clips.Count == 0 || Clips.Any(c => c < 0))
        {
            problems.Add("clips: give one or more clip numbers (0 or more)");
        }
        if (DatasetVersion is not null && PretrainOptions.SplitDatasets(Dataset).Count > 1)
        {
            problems.Add($"dataset-version: a version ('{DatasetVersion}') can only be given with a single dataset");
        }
        if (Scale is < 1 or > 16)
        {
            problems.Add($"scale: {Scale} is outside [1, 16]");
        }
        if (MaskRatio is <= 0 or >= 1)
        {
            problems.Add($"mask-ratio: {MaskRatio} is outside (0, 1)");
        }
        return problems;
    }
}

/// <summary>The images written for one clip and how far off the model was.</summary>
/// <param name="FutureMse">Pixel MSE of the predicted frames against the true ones, in [0, 1] units.</param>
public sealed record PredictedClip(int Clip, string FuturePng, string MaskedPng, string? Gif, double FutureMse);

/// <summary>Everything `videossl predict` wrote.</summary>
public sealed record PredictResult(string RunName, int Step, IReadOnlyList<PredictedClip> Clips, string Device);

/// <summary>Entry point of `videossl predict`: renders context | ground truth | prediction strips, masked reconstructions and GIFs.</summary>
/// <remarks>
/// Per clip, {prefix}/clip-NNNNN-future.png has three rows (context frames; the true future; the predicted future, aligned
/// under the truth), {prefix}/clip-NNNNN-masked.png has three rows (what the encoder saw, hidden tubelets gray; the
/// reconstruction; the original), and clip-NNNNN.gif plays the truth beside context-then-prediction.
/// </remarks>
public static class PredictRunner
{
    private const byte Background = 96;
    private const int Gap = FrameRows.Gap;

    public static async Task<PredictResult> RunAsync(PredictOptions options, IBlobStore store, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid predict options: " + string.Join("; ", problems) + ".", nameof(options));
        }
        TorchRuntime.EnsureLoaded();
        var device = TorchRuntime.ResolveDevice(options.Device);
        var run = new RunLayout(options.RunName);
        var checkpoint = await Checkpoint.FindAsync(store, options.RunName, options.CheckpointPath, cancellationToken).ConfigureAwait(false);
        var header = checkpoint.Header;
        var config = header.Model;
        if (options.Dataset is null && header.Signature.Dataset.StartsWith(PretrainOptions.GeneratedPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Run '{options.RunName}' trained on {header.Signature.Dataset} sequences, which are not stored; name the dataset to predict on with --dataset (e.g. the Moving MNIST test set).");
        }
        var names = PretrainOptions.SplitDatasets(options.Dataset ?? header.Signature.Dataset);
        var dataset = await ClipDataset.OpenManyAsync(store, names,
            options.DatasetVersion ?? (options.Dataset is null && names.Count == 1 ? header.Signature.DatasetVersion : null),
            options.CacheDirectory is null ? null : new ShardCache(options.CacheDirectory), cancellationToken).ConfigureAwait(false);
        if (dataset.Shape.Channels != config.Channels || dataset.Shape.Frames < config.Frames)
        {
            throw new InvalidOperationException($"Dataset '{dataset.Info.Name}' has {dataset.Shape} clips; run '{options.RunName}' was trained on {config.Frames}x{config.ImageSize}x{config.ImageSize}x{config.Channels}.");
        }
        var prepare = new ClipAugmenter(dataset.Shape, config.Frames, config.ImageSize, augment: false, 1, 0);
        var pixels = new byte[options.Clips.Count * prepare.OutputBytes];
        for (var i = 0; i < options.Clips.Count; i++)
        {
            var clip = await dataset.ReadClipAsync(options.Clips[i], cancellationToken).ConfigureAwait(false);
            prepare.Apply(clip, pixels.AsSpan(i * prepare.OutputBytes, prepare.OutputBytes), new DeterministicRng(0));
        }
        var mask = TubeMask.Sample(config, options.Clips.Count, options.MaskRatio, DeterministicRng.For(options.Seed, 99, 0));

        // Tensors on one dedicated thread; only byte arrays come back.
        var (future, reconstructed) = await Task.Factory.StartNew(() => Infer(checkpoint, device, pixels, options.Clips.Count, mask),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);

        var prefix = (options.OutputPrefix ?? run.Predictions).TrimEnd('/');
        var results = new List<PredictedClip>();
        var frameBytes = config.ImageSize * config.ImageSize * config.Channels;
        var futureFrames = config.Frames - config.ContextFrames;
        for (var i = 0; i < options.Clips.Count; i++)
        {
            var truth = pixels.AsMemory(i * prepare.OutputBytes, prepare.OutputBytes);
            var predicted = future.AsMemory(i * futureFrames * frameBytes, futureFrames * frameBytes);
            var hidden = Hide(truth.Span, config, mask.Masked[i]);
            var name = $"{prefix}/clip-{options.Clips[i]:D5}";
            await store.WriteBytesAsync($"{name}-future.png", Png.Encode(FrameRows.Render(config.ImageSize, config.ImageSize, config.Channels, options.Scale, Background,
                new(truth[..(config.ContextFrames * frameBytes)]), new(truth[(config.ContextFrames * frameBytes)..], config.ContextFrames), new(predicted, config.ContextFrames))), cancellationToken).ConfigureAwait(false);
            await store.WriteBytesAsync($"{name}-masked.png", Png.Encode(FrameRows.Render(config.ImageSize, config.ImageSize, config.Channels, options.Scale, Background,
                new(hidden), new(reconstructed.AsMemory(i * prepare.OutputBytes, prepare.OutputBytes)), new(truth))), cancellationToken).ConfigureAwait(false);
            string? gif = null;
            if (options.Gif)
            {
                gif = $"{name}.gif";
                await store.WriteBytesAsync(gif, GifEncoder.Encode(Animation(config, options.Scale, truth, predicted)), cancellationToken).ConfigureAwait(false);
            }
            var mse = 0.0;
            var futureTruth = truth.Span[(config.ContextFrames * frameBytes)..];
            for (var p = 0; p < futureTruth.Length; p++)
            {
                var d = (futureTruth[p] - predicted.Span[p]) / 255.0;
                mse += d * d;
            }
            results.Add(new PredictedClip(options.Clips[i], $"{name}-future.png", $"{name}-masked.png", gif, mse / futureTruth.Length));
        }
        return new PredictResult(options.RunName, header.Step, results, TorchRuntime.Describe(device));
    }

    private static (byte[] Future, byte[] Reconstructed) Infer(Checkpoint checkpoint, Device device, byte[] pixels, int count, TubeMask mask)
    {
        var config = checkpoint.Header.Model;
        using var model = PretrainedModel.FromCheckpoint(checkpoint, device);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var video = Tubelets.FromClipBytes(pixels, count, config.Frames, config.ImageSize, config.ImageSize, config.Channels, device);
        var future = model.Predict(video.narrow(2, 0, config.ContextFrames));
        var reconstructed = model.Reconstruct(video, mask, checkpoint.Header.Signature.Objective.NormalizeTargets);
        return (Tubelets.ToClipBytes(future), Tubelets.ToClipBytes(reconstructed));
    }

    private static List<RgbImage> Animation(VideoModelConfig config, int scale, ReadOnlyMemory<byte> truth, ReadOnlyMemory<byte> predicted)
    {
        var frameBytes = config.ImageSize * config.ImageSize * config.Channels;
        var side = config.ImageSize * scale;
        var frames = new List<RgbImage>();
        for (var t = 0; t < config.Frames; t++)
        {
            var image = new RgbImage((2 * side) + (3 * Gap), side + (2 * Gap)).Fill(Background);
            image.Paste(truth.Span.Slice(t * frameBytes, frameBytes), config.ImageSize, config.ImageSize, config.Channels, Gap, Gap, scale);
            var right = t < config.ContextFrames ? truth.Span.Slice(t * frameBytes, frameBytes) : predicted.Span.Slice((t - config.ContextFrames) * frameBytes, frameBytes);
            image.Paste(right, config.ImageSize, config.ImageSize, config.Channels, side + (2 * Gap), Gap, scale);
            frames.Add(image);
        }
        return frames;
    }

    // The clip as the encoder saw it: hidden tubelets painted background gray.
    private static byte[] Hide(ReadOnlySpan<byte> clip, VideoModelConfig config, int[] masked)
    {
        var copy = clip.ToArray();
        int s = config.ImageSize, c = config.Channels, p = config.PatchSize;
        foreach (var token in masked)
        {
            int slot = token / config.SpatialTokens, row = token % config.SpatialTokens / config.GridS, col = token % config.GridS;
            for (var t = slot * config.TubeletFrames; t < (slot + 1) * config.TubeletFrames; t++)
            {
                for (var y = row * p; y < (row + 1) * p; y++)
                {
                    copy.AsSpan((((t * s) + y) * s + (col * p)) * c, p * c).Fill(Background);
                }
            }
        }
        return copy;
    }
}
