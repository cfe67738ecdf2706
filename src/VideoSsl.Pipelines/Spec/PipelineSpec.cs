using VideoSsl.Evaluation.Protocols;
using VideoSsl.Synth.MovingDigits;
using VideoSsl.Training;

namespace VideoSsl.Pipelines.Spec;

/// <summary>A validated pipeline spec: datasets, the stages that turn them into a pretrained encoder and a report, and how to run it on Azure.</summary>
/// <remarks>
/// Built only by <see cref="SpecLoader"/>, which checks every key; pipelines/README.md documents the YAML. A stage setting
/// the file leaves out is left to the verb, and where the pipeline must know it (the step target, the preset, the seeds)
/// it is read from the verb's options record, the one place its default is declared.
/// </remarks>
public sealed record PipelineSpec
{
    /// <summary>The file the spec came from, for messages.</summary>
    public required string SourceFile { get; init; }

    /// <summary>Pipeline name: letters, digits, '-' and '_'; the default run name and Batch job id prefix.</summary>
    public required string Name { get; init; }

    /// <summary>Run name in the store: outputs go to runs/{Run}/.</summary>
    public required string Run { get; init; }

    /// <summary>When true every run does new work: no stage is skipped as done (for scheduled pipelines that pick up new videos).</summary>
    public bool Incremental { get; init; }

    public StoreSpec Store { get; init; } = new();

    /// <summary>Datasets in the order the file lists them.</summary>
    public required IReadOnlyList<DatasetSpec> Datasets { get; init; }

    /// <summary>Ingest settings every dataset starts from (a dataset's own <c>ingest:</c> wins).</summary>
    public IngestSettings Ingest { get; init; } = new();

    public StageOrder SynthOrder { get; init; } = new();

    public StageOrder IngestOrder { get; init; } = new();

    public PretrainSpec? Pretrain { get; init; }

    public EvaluateSpec? Evaluate { get; init; }

    public ScheduleSpec? Schedule { get; init; }

    public AzureSpec Azure { get; init; } = new();

    /// <summary>The original YAML, carried to Batch nodes so they rebuild the same graph.</summary>
    public required string Yaml { get; init; }
}

/// <summary>Where clips, checkpoints and reports go when the pipeline runs locally.</summary>
public sealed record StoreSpec
{
    /// <summary>Folder (default data/store, the embedded store), blob account URL, or connection string; null leaves it to --store and settings.</summary>
    public string? Location { get; init; }

    public string? Container { get; init; }
}

/// <summary>Extra ordering for a stage: ids of stages (or stage kinds) it must run after.</summary>
public sealed record StageOrder
{
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>The YAML key the list came from, for messages.</summary>
    public string Key { get; init; } = "";

    public int Line { get; init; }
}

/// <summary>The synthetic generators a dataset can come from.</summary>
public enum SynthGenerator
{
    MovingDigits,
    Actions,

    /// <summary>The fixed Moving MNIST test set, written straight into the store (no videos, no ingest).</summary>
    MovingMnist,
}

/// <summary>Settings of a synthetic dataset; unset values take the <c>synth</c> verb's defaults.</summary>
public sealed record SynthSpec(SynthGenerator Generator)
{
    private static readonly MovingDigitsOptions Defaults = new();

    public int? Count { get; init; }

    public int? VideosPerClass { get; init; }

    /// <summary>Fraction of each class's videos in the test list (actions only).</summary>
    public double? TestFraction { get; init; }

    public int? Frames { get; init; }

    /// <summary>Seed of the generator (the <c>synth</c> verb's default when the file gives none).</summary>
    public int Seed { get; init; } = Defaults.Seed;

    public int? Workers { get; init; }

    /// <summary>Digit images of moving-mnist: mnist, idx or glyphs (the verb's default when unset).</summary>
    public string? Digits { get; init; }

    /// <summary>The IDX image file of <c>digits: idx</c>.</summary>
    public string? Idx { get; init; }
}

/// <summary>One dataset: synthesized into a local folder, or read from a folder or <c>blob:container/prefix</c>.</summary>
public sealed record DatasetSpec
{
    /// <summary>Dataset name in the store (datasets/{Name}/); letters, digits, '-' and '_'.</summary>
    public required string Name { get; init; }

    public SynthSpec? Synth { get; init; }

    /// <summary>Folder or <c>blob:container/prefix</c> the videos are read from (for synth datasets: the folder they are written to).</summary>
    public required string Source { get; init; }

    /// <summary>Layout the labels come from (auto, ucf101, folder-per-class, kinetics, videomae); null for unlabeled videos.</summary>
    public string? Labels { get; init; }

    /// <summary>This dataset's ingest settings over <see cref="PipelineSpec.Ingest"/>.</summary>
    public IngestSettings Ingest { get; init; } = new();

    public bool IsBlobSource => Source.StartsWith("blob:", StringComparison.Ordinal);

    /// <summary>True for a dataset written straight into the store (the Moving MNIST test set): no videos, no ingest.</summary>
    public bool IsWrittenToStore => Synth?.Generator == SynthGenerator.MovingMnist;
}

/// <summary>How videos become clips; unset values take the <c>ingest</c> verb's defaults.</summary>
public sealed record IngestSettings
{
    public double? Fps { get; init; }

    public int? Size { get; init; }

    /// <summary>rgb or gray.</summary>
    public string? Color { get; init; }

    public int? Frames { get; init; }

    public int? Stride { get; init; }

    public int? Workers { get; init; }

    /// <summary>These settings, with unset ones taken from <paramref name="defaults"/>.</summary>
    public IngestSettings Over(IngestSettings defaults) => new()
    {
        Fps = Fps ?? defaults.Fps,
        Size = Size ?? defaults.Size,
        Color = Color ?? defaults.Color,
        Frames = Frames ?? defaults.Frames,
        Stride = Stride ?? defaults.Stride,
        Workers = Workers ?? defaults.Workers,
    };
}

/// <summary>Self-supervised pretraining on one or more ingested datasets, or on sequences generated on the fly.</summary>
public sealed record PretrainSpec
{
    /// <summary>The datasets learned from; empty with <see cref="Generate"/>.</summary>
    public required IReadOnlyList<string> Datasets { get; init; }

    /// <summary>Train on sequences generated on the fly (moving-mnist) instead of datasets: <c>--generate</c>.</summary>
    public string? Generate { get; init; }

    /// <summary>With <see cref="Generate"/>: the digit images (mnist, idx, glyphs) and the IDX file of idx.</summary>
    public string? Digits { get; init; }

    public string? Idx { get; init; }

    /// <summary>The device the verb must use (auto, cpu, cuda, cuda:N); null leaves it to the verb (auto).</summary>
    public string? Device { get; init; }

    private static readonly PretrainOptions Defaults = new();

    /// <summary>Model family: conv or vit.</summary>
    public VideoSsl.Models.VideoArch Arch { get; init; } = Defaults.Arch;

    /// <summary>tiny, small or base.</summary>
    public string Preset { get; init; } = Defaults.Preset;

    /// <summary>Side of the model's patches in pixels, over the preset's (<c>--patch-size</c>); null keeps the preset's.</summary>
    public int? PatchSize { get; init; }

    /// <summary>Optimizer steps to train to; with <see cref="Resume"/>, steps added by each run.</summary>
    public int Steps { get; init; } = Defaults.Steps;

    public int? Batch { get; init; }

    /// <summary>Fraction of batches trained with future-frame prediction (the rest masked), from <c>objectives:</c>.</summary>
    public double? FutureRatio { get; init; }

    /// <summary>Each pipeline run continues the run's latest checkpoint for another <see cref="Steps"/> steps (an interrupted run resumes either way).</summary>
    public bool Resume { get; init; }

    public StageOrder Order { get; init; } = new();
}

/// <summary>Label-efficiency evaluation of the pretrained encoder on a labeled dataset, and future frames on held-out clips.</summary>
public sealed record EvaluateSpec
{
    /// <summary>The labeled dataset; null evaluates future frames only.</summary>
    public string? Dataset { get; init; }

    /// <summary>Labeled videos per class of each budget; <see cref="EvaluateOptions.AllLabels"/> (<c>all</c>) for every training label; empty without <see cref="Dataset"/>.</summary>
    public IReadOnlyList<int> LabelsPerClass { get; init; } = [];

    public int? ProbeEpochs { get; init; }

    /// <summary>Most fine-tuning steps per run.</summary>
    public int? FinetuneSteps { get; init; }

    /// <summary>Passes over the labeled clips per fine-tuning run (fewer steps at small budgets, capped by <see cref="FinetuneSteps"/>).</summary>
    public double? FinetuneEpochs { get; init; }

    public IReadOnlyList<int> Seeds { get; init; } = new EvaluateOptions().Seeds;

    /// <summary>Clips per fine-tuning step.</summary>
    public int? FinetuneBatch { get; init; }

    /// <summary>Clips per test video averaged at test time.</summary>
    public int? Views { get; init; }

    /// <summary>A dataset of the spec whose held-out clips score future-frame prediction; ingested, not necessarily pretrained on.</summary>
    public string? FutureDataset { get; init; }

    /// <summary>Held-out clips of <see cref="FutureDataset"/> scored.</summary>
    public int? FutureClips { get; init; }

    /// <summary>Published results the future frames are put next to (moving-mnist): <c>--benchmark</c>.</summary>
    public string? Benchmark { get; init; }

    public StageOrder Order { get; init; } = new();
}

/// <summary>When Azure Batch reruns the pipeline: a fixed interval, optionally aligned to a start time.</summary>
public sealed record ScheduleSpec(TimeSpan Every, string EveryText)
{
    /// <summary>A time runs are aligned to: the first run is the first <c>Start + k × Every</c> that is still ahead.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>
    /// The first run after <paramref name="now"/>: <see cref="Start"/> when it is ahead, else the next time on its
    /// grid (a start in the past never makes a run begin the moment the schedule is registered); null without a start.
    /// </summary>
    public DateTimeOffset? FirstRunAfter(DateTimeOffset now)
    {
        if (Start is not { } start || start > now)
        {
            return Start;
        }

        var periods = (now - start).Ticks / Every.Ticks + 1;
        return start + TimeSpan.FromTicks(periods * Every.Ticks);
    }
}

/// <summary>Azure Batch settings: pools, ingest fan-out, containers and retries.</summary>
public sealed record AzureSpec
{
    /// <summary>CPU pool id; null takes AZURE_BATCH_CPU_POOL_ID.</summary>
    public string? CpuPool { get; init; }

    /// <summary>GPU pool id; null takes AZURE_BATCH_GPU_POOL_ID.</summary>
    public string? GpuPool { get; init; }

    /// <summary>Ingest tasks per dataset; each takes the videos whose path hash mod N is its index.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Container of the storage account that holds the store (datasets/, runs/).</summary>
    public string Container { get; init; } = "clips";

    /// <summary>Container task stdout/stderr are uploaded to.</summary>
    public string LogsContainer { get; init; } = "runs";

    public int TaskRetries { get; init; } = 2;

    /// <summary>
    /// Wall-clock limit of a submitted run's jobs (Batch terminates the job and its tasks after it), so a stuck run
    /// stops costing money. Scheduled runs use the schedule's interval instead.
    /// </summary>
    public TimeSpan MaxWallClockTime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a stage on another pool may wait for that pool to get a node before the launcher gives up.</summary>
    public TimeSpan AllocationTimeout { get; init; } = TimeSpan.FromMinutes(30);
}
