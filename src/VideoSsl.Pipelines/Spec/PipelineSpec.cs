using VideoSsl.Pipelines.Stages;

namespace VideoSsl.Pipelines.Spec;

/// <summary>A validated pipeline spec: datasets, the stages that turn them into a pretrained encoder and a report, and how to run it on Azure.</summary>
/// <remarks>
/// Built only by <see cref="SpecLoader"/>, which checks every key. A stage's settings are its verb's own (the verb's
/// options record is their one declaration): each stage holds the command line its verb checked, and the pipeline
/// reads back only what it must know (the step target, the datasets evaluation names). pipelines/README.md documents the YAML.
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

    public StageOrder SynthOrder { get; init; } = new();

    public StageOrder IngestOrder { get; init; } = new();

    public PretrainSpec? Pretrain { get; init; }

    public EvaluateSpec? Evaluate { get; init; }

    /// <summary>Embeddings of a source's videos with the run's encoder, to runs/{run}/embeddings.parquet.</summary>
    public UseSpec? Embed { get; init; }

    /// <summary>Labels for a source's videos from a saved classifier run, to runs/{run}/classifications.json.</summary>
    public UseSpec? Classify { get; init; }

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

/// <summary>One dataset: synthesized into a local folder, or read from a folder or <c>blob:container/prefix</c>.</summary>
public sealed record DatasetSpec
{
    /// <summary>Dataset name in the store (datasets/{Name}/); letters, digits, '-' and '_'.</summary>
    public required string Name { get; init; }

    /// <summary>The <c>synth</c> command that writes the videos, for a synthetic dataset.</summary>
    public StageArgs? Synth { get; init; }

    /// <summary>Folder or <c>blob:container/prefix</c> the videos are read from (for synth datasets: the folder they are written to).</summary>
    public required string Source { get; init; }

    /// <summary>Layout the labels come from (as ingest's --labels and evaluate's --layout take it); null for unlabeled videos.</summary>
    public string? Labels { get; init; }

    /// <summary>
    /// The command that puts the dataset into the store: <c>ingest</c> with <c>stages.ingest</c> settings and the dataset's
    /// own over them, or for a dataset <see cref="IsWrittenToStore"/>, its synth verb.
    /// </summary>
    public required StageArgs Ingest { get; init; }

    /// <summary>True for a dataset its synth verb writes straight into the store (the Moving MNIST test set): no videos, no <c>ingest</c>; <see cref="Source"/> is <c>store:datasets/{name}</c>.</summary>
    public bool IsWrittenToStore { get; init; }

    public bool IsBlobSource => Source.StartsWith("blob:", StringComparison.Ordinal);
}

/// <summary>Self-supervised pretraining on one or more ingested datasets, or on sequences generated on the fly.</summary>
public sealed record PretrainSpec
{
    /// <summary>The datasets learned from; empty when the spec's pretrain settings generate the sequences (<c>generate:</c>).</summary>
    public required IReadOnlyList<string> Datasets { get; init; }

    /// <summary>Optimizer steps to train to (the verb's default unless the spec sets it); with <see cref="Resume"/>, steps added by each run.</summary>
    public required int Steps { get; init; }

    /// <summary>Each pipeline run continues the run's latest checkpoint for another <see cref="Steps"/> steps (an interrupted run resumes either way).</summary>
    public bool Resume { get; init; }

    /// <summary>The <c>pretrain</c> command.</summary>
    public required StageArgs Command { get; init; }

    public StageOrder Order { get; init; } = new();
}

/// <summary>Label-efficiency evaluation of the pretrained encoder on a labeled dataset, and future frames on held-out clips.</summary>
public sealed record EvaluateSpec
{
    /// <summary>The labeled dataset of the spec evaluated on; null scores future frames only.</summary>
    public string? Dataset { get; init; }

    /// <summary>A dataset of the spec whose held-out clips score future-frame prediction; ingested, not necessarily pretrained on.</summary>
    public string? FutureDataset { get; init; }

    /// <summary>The <c>evaluate</c> command.</summary>
    public required StageArgs Command { get; init; }

    public StageOrder Order { get; init; } = new();
}

/// <summary>A stage that uses a trained model on a source's videos (embed, classify), fanned out over the source's partitions on Batch.</summary>
public sealed record UseSpec
{
    /// <summary>The folder or <c>blob:container/prefix</c> the stage reads (its verb's <c>source</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The ingested dataset embed reads instead of a source, when the spec names one.</summary>
    public string? Dataset { get; init; }

    /// <summary>The verb's command, its output in the store filled in.</summary>
    public required StageArgs Command { get; init; }

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
