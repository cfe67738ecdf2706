using VideoSsl.Clips;
using VideoSsl.Models;
using VideoSsl.Synth.Digits;
using VideoSsl.Synth.MovingDigits;
using VideoSsl.Training.Optimization;

namespace VideoSsl.Training;

/// <summary>Everything `videossl pretrain` can be told: data, model size, objectives, optimiser, schedule, runtime and checkpoints.</summary>
/// <remarks>
/// The one declaration of these settings: the command line, the environment (VIDEOSSL_PRETRAIN__*) and the settings file
/// are bound to this record (the summaries below are the flags' help), and <see cref="Validate"/> is their one check.
/// <see cref="Input"/> and <see cref="Objective"/> decide which batches a run sees and what it learns from them, so the
/// checkpoint's <see cref="TrainingSignature"/> and the input pipeline's <see cref="PipelineSettings"/> carry them whole.
/// </remarks>
public sealed record PretrainOptions
{
    /// <summary>Dataset(s) to learn from (no labels are used): a name as ingested, or several separated by commas (or a repeated flag) to train on all of them (same clip shape).</summary>
    public string Dataset { get; init; } = "default";

    /// <summary>Train on sequences generated on the fly instead of a dataset's clips: moving-mnist (OpenSTL's protocol, from the training digits of --digits; 10 000 sequences are an epoch). --dataset is then not read.</summary>
    public string? Generate { get; init; }

    /// <summary>With --generate: which digits the sequences are drawn from (the training digits of their split).</summary>
    public DigitOptions Digits { get; init; } = new();

    /// <summary>Dataset version; null means the current one (or, when resuming, the checkpoint's). Only with a single dataset.</summary>
    public string? DatasetVersion { get; init; }

    /// <summary>Run name: checkpoints, metrics and plots go to runs/{run}/ in the store.</summary>
    public string RunName { get; init; } = "pretrain";

    /// <summary>Model family: conv (convolutional, learns motion at CPU budgets; the default) or vit (VideoMAE ViT, for long GPU runs).</summary>
    public VideoArch Arch { get; init; } = VideoArch.Conv;

    /// <summary>Model size within the family: tiny (CPU, tests), small, base (GPU); the size overrides below replace single values.</summary>
    public string Preset { get; init; } = "tiny";

    /// <summary>Encoder width (overrides the preset).</summary>
    public int? Dim { get; init; }

    /// <summary>Encoder blocks (overrides the preset).</summary>
    public int? Depth { get; init; }

    /// <summary>Encoder attention heads (overrides the preset).</summary>
    public int? Heads { get; init; }

    /// <summary>Decoder width (overrides the preset).</summary>
    public int? DecoderDim { get; init; }

    /// <summary>Decoder blocks (overrides the preset).</summary>
    public int? DecoderDepth { get; init; }

    /// <summary>Decoder attention heads (overrides the preset).</summary>
    public int? DecoderHeads { get; init; }

    /// <summary>Tubelet side P in pixels (overrides the preset).</summary>
    public int? PatchSize { get; init; }

    /// <summary>Frames per tubelet (overrides the preset); the clip and context lengths must be multiples of it.</summary>
    public int? TubeletFrames { get; init; }

    /// <summary>Conv: channels per frame in the translator (overrides the preset).</summary>
    public int? FrameChannels { get; init; }

    /// <summary>Conv: side of the translator's spatial kernel, odd (overrides the preset).</summary>
    public int? Kernel { get; init; }

    /// <summary>Frames per training clip; null takes the dataset's clip length (longer clips are cropped in time).</summary>
    public int? Frames { get; init; }

    /// <summary>Square input size; null takes the dataset's frame size.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Frames the future-frame objective sees (Tc); the rest of the clip is predicted (default: half).</summary>
    public int? ContextFrames { get; init; }

    /// <summary>How clips become batches: batch size, shard shuffling, augmentation.</summary>
    public InputOptions Input { get; init; } = new();

    /// <summary>What the model learns from a batch: the mix of objectives and their targets.</summary>
    public ObjectiveOptions Objective { get; init; } = new();

    /// <summary>Optimizer steps to train to (a resumed run continues to this step).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Micro-batches per optimizer step.</summary>
    public int GradAccumulation { get; init; } = 1;

    /// <summary>AdamW and its schedule: learning rates, warmup, weight decay, moments, gradient clipping.</summary>
    public AdamWOptions Optimizer { get; init; } = new();

    /// <summary>Seed of initialization, shuffling, masks and augmentation.</summary>
    public long Seed { get; init; }

    /// <summary>auto (CUDA when present), cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>CPU threads for torch (0: one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Steps between checkpoints (one is always written at the end and on Ctrl+C).</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>Most recent checkpoints kept; 0 keeps all.</summary>
    public int KeepCheckpoints { get; init; } = 3;

    /// <summary>Read the loss back, write a metrics line and report progress with a loss every this many steps.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Videos of each dataset never trained on (those whose ids hash lowest; at most a fifth of a dataset's videos): their clips give the validation losses. 0 trains on every clip and validates nothing.</summary>
    public int ValidationVideos { get; init; } = 16;

    /// <summary>Held-out clips the validation losses are measured on, each objective on the same clips with fixed masks.</summary>
    public int ValidationClips { get; init; } = 32;

    /// <summary>Steps between validation losses: measured at the first log step at or after each multiple of this, and at the last step.</summary>
    public int ValidateEvery { get; init; } = 50;

    /// <summary>Write TensorBoard event files to runs/{run}/tensorboard/ (losses, validation losses, learning rate, clips/s, prediction strips at checkpoints).</summary>
    public bool TensorBoard { get; init; } = true;

    /// <summary>Continue exactly where the run's last checkpoint left off.</summary>
    public bool Resume { get; init; }

    /// <summary>Local folder caching shards read from a remote store; null reads the store directly.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Batches prepared ahead on the background thread.</summary>
    public int PrefetchBatches { get; init; } = 4;

    /// <summary>The dataset names in <see cref="Dataset"/>, in order.</summary>
    public IReadOnlyList<string> DatasetNames() => SplitDatasets(Dataset);

    /// <summary>Splits a comma-separated list of dataset names, trimming blanks and dropping empty entries.</summary>
    public static IReadOnlyList<string> SplitDatasets(string? datasets) =>
        (datasets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>What the run trains on, as its checkpoint records it: the dataset names joined by commas, or "generated:" and the generator.</summary>
    public string TrainingData() => Generate is null ? string.Join(',', DatasetNames()) : GeneratedPrefix + Generate;

    /// <summary>How <see cref="TrainingData"/> marks generated sequences (no dataset name contains ':').</summary>
    public const string GeneratedPrefix = "generated:";

    /// <summary>The clip shape the model is sized to when nothing is ingested (<see cref="Generate"/>).</summary>
    public static ClipShape GeneratedShape => new(MovingMnist.Frames, MovingMnist.Size, MovingMnist.Size, 1);

    /// <summary>What a checkpoint of these options on <paramref name="datasetVersion"/> must match to be resumed exactly.</summary>
    public TrainingSignature Signature(string datasetVersion) =>
        new(TrainingData(), datasetVersion, GradAccumulation, Seed, Input, Objective, ValidationVideos);

    /// <summary>What the input pipeline needs to feed a model of <paramref name="model"/> on <paramref name="device"/> (on the CPU, the training thread builds the batches).</summary>
    public PipelineSettings Pipeline(VideoModelConfig model, TorchSharp.torch.Device device) =>
        new(Input, Objective, model, Seed, PrefetchBatches, OnCallerThread: device.type == TorchSharp.DeviceType.CPU);

    /// <summary>The model architecture these options describe for a dataset of <paramref name="shape"/>.</summary>
    public VideoModelConfig ModelConfig(ClipShape shape)
    {
        var preset = VideoModelConfig.Preset(Preset, Arch);
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
            FrameChannels = FrameChannels ?? preset.FrameChannels,
            Kernel = Kernel ?? preset.Kernel,
            ContextFrames = context,
        };
    }

    /// <summary>Returns the problems with these options (without looking at the data), each naming its setting; empty when they are usable.</summary>
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
        Check(VideoModelConfig.PresetNames.Contains(Preset.ToLowerInvariant()), $"model: unknown preset '{Preset}' ({string.Join(", ", VideoModelConfig.PresetNames)})");
        Check(Enum.IsDefined(Arch), $"arch: {Arch} is not conv or vit");
        Check(Steps >= 1, $"steps: {Steps} must be at least 1");
        Check(GradAccumulation >= 1, $"grad-accumulation: {GradAccumulation} must be at least 1");
        Check(Threads >= 0, $"threads: {Threads} must not be negative");
        Check(CheckpointEvery >= 1, $"checkpoint-every: {CheckpointEvery} must be at least 1");
        Check(KeepCheckpoints >= 0, $"keep-checkpoints: {KeepCheckpoints} must not be negative");
        Check(LogEvery >= 1, $"log-every: {LogEvery} must be at least 1");
        Check(ValidationVideos >= 0, $"validation-videos: {ValidationVideos} must not be negative");
        Check(ValidationClips >= 1, $"validation-clips: {ValidationClips} must be at least 1");
        Check(ValidateEvery >= 1, $"validate-every: {ValidateEvery} must be at least 1");
        Check(PrefetchBatches >= 1, $"prefetch-batches: {PrefetchBatches} must be at least 1");
        Check(Generate is null or MovingMnistBatchSource.Name, $"generate: '{Generate}' is not {MovingMnistBatchSource.Name}");
        Check(Generate is null || DatasetVersion is null, $"dataset-version: '{DatasetVersion}' names a version of a dataset; --generate trains on no dataset");
        Check(Generate is not null || Digits == new DigitOptions(), "--digits, --mnist-folder and --idx apply only with --generate (the digits generated sequences are drawn from)");
        if (Generate is not null)
        {
            problems.AddRange(Digits.Validate());
        }
        problems.AddRange(Optimizer.Validate());
        problems.AddRange(Input.Validate());
        problems.AddRange(Objective.Validate());
        foreach (var (name, size) in new (string, int?)[]
        {
            ("dim", Dim), ("depth", Depth), ("heads", Heads), ("decoder-dim", DecoderDim), ("decoder-depth", DecoderDepth),
            ("decoder-heads", DecoderHeads), ("patch-size", PatchSize), ("tubelet-frames", TubeletFrames), ("frames", Frames),
            ("image-size", ImageSize), ("context-frames", ContextFrames), ("frame-channels", FrameChannels), ("kernel", Kernel),
        })
        {
            Check(size is null or >= 1, $"{name}: {size} must be at least 1");
        }
        Check(Device.Trim().ToLowerInvariant() is "auto" or "cpu" || Device.Trim().StartsWith("cuda", StringComparison.OrdinalIgnoreCase), $"device: '{Device}' is not auto, cpu, cuda or cuda:N");
        return problems;
    }
}
