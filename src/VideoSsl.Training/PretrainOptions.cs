using VideoSsl.Models;

namespace VideoSsl.Training;

/// <summary>Everything `videossl pretrain` can be told: data, model size, objectives, optimiser, schedule, runtime and checkpoints.</summary>
public sealed record PretrainOptions
{
    /// <summary>Dataset name in the store (as ingested), or several names separated by commas to train on all of them (same clip shape).</summary>
    public string Dataset { get; init; } = "";

    /// <summary>Dataset version; null means the current one (or, when resuming, the checkpoint's). Only with a single dataset.</summary>
    public string? DatasetVersion { get; init; }

    /// <summary>The dataset names in <see cref="Dataset"/>, in order.</summary>
    public IReadOnlyList<string> DatasetNames() => SplitDatasets(Dataset);

    /// <summary>Splits a comma-separated list of dataset names, trimming blanks and dropping empty entries.</summary>
    public static IReadOnlyList<string> SplitDatasets(string? datasets) =>
        (datasets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Run name: outputs go to runs/{RunName}/.</summary>
    public string RunName { get; init; } = "pretrain";

    /// <summary>Model preset: tiny, small or base; the size overrides below replace single values.</summary>
    public string Preset { get; init; } = "tiny";

    public int? Dim { get; init; }
    public int? Depth { get; init; }
    public int? Heads { get; init; }
    public int? DecoderDim { get; init; }
    public int? DecoderDepth { get; init; }
    public int? DecoderHeads { get; init; }
    public int? PatchSize { get; init; }
    public int? TubeletFrames { get; init; }

    /// <summary>Frames per training clip; null takes the dataset's clip length (longer clips are cropped in time).</summary>
    public int? Frames { get; init; }

    /// <summary>Square input size; null takes the dataset's frame size.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Frames the future-frame objective sees; null is half the clip.</summary>
    public int? ContextFrames { get; init; }

    /// <summary>Fraction of batches trained with future-frame prediction; the rest use masking. 0 = masked only, 1 = future only.</summary>
    public double FutureRatio { get; init; } = 0.5;

    /// <summary>Fraction of spatial positions hidden by the tube mask.</summary>
    public double MaskRatio { get; init; } = 0.9;

    /// <summary>Masked targets are per-patch normalized pixels (VideoMAE default) unless false.</summary>
    public bool NormalizeTargets { get; init; } = true;

    /// <summary>Optimizer steps to train to (a resumed run continues to this step).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Clips per micro-batch.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Micro-batches per optimizer step.</summary>
    public int GradAccumulation { get; init; } = 1;

    public double LearningRate { get; init; } = 1e-3;
    public double MinLearningRate { get; init; } = 1e-5;
    public int WarmupSteps { get; init; } = 50;
    public double WeightDecay { get; init; } = 0.05;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.95;

    /// <summary>Gradient norm clip; 0 disables.</summary>
    public double ClipGradNorm { get; init; } = 1.0;

    public long Seed { get; init; }

    /// <summary>auto (CUDA when available), cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>libtorch intra-op threads on CPU; 0 = one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Write a checkpoint every this many steps (and always at the end).</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>Keep this many most recent checkpoints; 0 keeps all.</summary>
    public int KeepCheckpoints { get; init; } = 3;

    /// <summary>Read the loss back, write a metrics line and report progress with a loss every this many steps.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Continue from the run's latest checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>Local folder for copies of shards read from a remote store; null reads the store directly.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Batches prepared ahead on the background thread.</summary>
    public int PrefetchBatches { get; init; } = 4;

    /// <summary>Shards whose clips are shuffled together (shards themselves are shuffled every epoch).</summary>
    public int ShuffleShards { get; init; } = 4;

    /// <summary>Random resized crop and horizontal flip (and a random temporal crop when clips are longer than Frames).</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Smallest crop area, as a fraction of the frame, for random resized crop.</summary>
    public double CropScaleMin { get; init; } = 0.6;

    public double FlipProbability { get; init; } = 0.5;

    /// <summary>The model architecture these options describe for a dataset of <paramref name="shape"/>.</summary>
    public VideoMaeConfig ModelConfig(VideoSsl.Clips.ClipShape shape)
    {
        var preset = VideoMaeConfig.Preset(Preset);
        var tubelet = TubeletFrames ?? preset.TubeletFrames;
        var frames = Frames ?? shape.Frames - (shape.Frames % tubelet);
        var context = ContextFrames ?? frames / 2 / tubelet * tubelet;
        return preset with
        {
            Frames = frames,
            ImageSize = ImageSize ?? shape.Height,
            Channels = shape.Channels,
            TubeletFrames = tubelet,
            PatchSize = PatchSize ?? preset.PatchSize,
            Dim = Dim ?? preset.Dim,
            Depth = Depth ?? preset.Depth,
            Heads = Heads ?? preset.Heads,
            DecoderDim = DecoderDim ?? preset.DecoderDim,
            DecoderDepth = DecoderDepth ?? preset.DecoderDepth,
            DecoderHeads = DecoderHeads ?? preset.DecoderHeads,
            ContextFrames = context,
        };
    }

    /// <summary>Returns the problems with these options (without looking at the data), empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                problems.Add(message);
            }
        }
        var datasets = DatasetNames();
        Check(datasets.Count > 0, "dataset: a dataset name is required");
        Check(datasets.Distinct(StringComparer.Ordinal).Count() == datasets.Count, $"dataset: '{Dataset}' names a dataset more than once");
        Check(DatasetVersion is null || datasets.Count <= 1, $"dataset-version: a version ('{DatasetVersion}') can only be given with a single dataset, not with {datasets.Count} ({string.Join(", ", datasets)})");
        Check(!string.IsNullOrWhiteSpace(RunName) && RunName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'), $"run: '{RunName}' must be letters, digits, '-', '_' or '.'");
        Check(Preset.ToLowerInvariant() is "tiny" or "small" or "base", $"model: unknown preset '{Preset}' (tiny, small, base)");
        Check(FutureRatio is >= 0 and <= 1, $"future-ratio: {FutureRatio} is outside [0, 1]");
        Check(MaskRatio is > 0 and < 1, $"mask-ratio: {MaskRatio} is outside (0, 1)");
        Check(Steps >= 1, $"steps: {Steps} must be at least 1");
        Check(BatchSize >= 1, $"batch-size: {BatchSize} must be at least 1");
        Check(GradAccumulation >= 1, $"grad-accumulation: {GradAccumulation} must be at least 1");
        Check(LearningRate > 0 && MinLearningRate >= 0 && MinLearningRate <= LearningRate, $"lr: need 0 <= min-lr ({MinLearningRate}) <= lr ({LearningRate}) and lr > 0");
        Check(WarmupSteps >= 0, $"warmup: {WarmupSteps} must not be negative");
        Check(WeightDecay >= 0, $"weight-decay: {WeightDecay} must not be negative");
        Check(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1, $"betas: ({Beta1}, {Beta2}) must be in [0, 1)");
        Check(ClipGradNorm >= 0, $"clip-grad: {ClipGradNorm} must not be negative");
        Check(Threads >= 0, $"threads: {Threads} must not be negative");
        Check(CheckpointEvery >= 1, $"checkpoint-every: {CheckpointEvery} must be at least 1");
        Check(KeepCheckpoints >= 0, $"keep-checkpoints: {KeepCheckpoints} must not be negative");
        Check(LogEvery >= 1, $"log-every: {LogEvery} must be at least 1");
        Check(PrefetchBatches >= 1, $"prefetch: {PrefetchBatches} must be at least 1");
        Check(ShuffleShards >= 1, $"shuffle-shards: {ShuffleShards} must be at least 1");
        Check(CropScaleMin is > 0 and <= 1, $"crop-scale-min: {CropScaleMin} is outside (0, 1]");
        Check(FlipProbability is >= 0 and <= 1, $"flip: {FlipProbability} is outside [0, 1]");
        foreach (var (name, size) in new (string, int?)[]
        {
            ("dim", Dim), ("depth", Depth), ("heads", Heads), ("decoder-dim", DecoderDim), ("decoder-depth", DecoderDepth),
            ("decoder-heads", DecoderHeads), ("patch-size", PatchSize), ("tubelet-frames", TubeletFrames), ("frames", Frames),
            ("image-size", ImageSize), ("context-frames", ContextFrames),
        })
        {
            Check(size is null or >= 1, $"{name}: {size} must be at least 1");
        }
        Check(Device.Trim().ToLowerInvariant() is "auto" or "cpu" || Device.Trim().StartsWith("cuda", StringComparison.OrdinalIgnoreCase), $"device: '{Device}' is not auto, cpu, cuda or cuda:N");
        return problems;
    }
}
