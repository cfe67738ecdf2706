using VideoSsl.Pipelines.Stages;
using VideoSsl.Storage;

namespace VideoSsl.Pipelines.Graph;

/// <summary>What a stage does; each kind is one <c>videossl</c> verb.</summary>
public enum StageKind
{
    Synth,
    Ingest,
    Pretrain,
    Evaluate,
    Embed,
    Classify,
}

/// <summary>The kind of machine a stage needs on Azure Batch.</summary>
public enum PoolKind
{
    Cpu,
    Gpu,
}

/// <summary>One step of a pipeline: the <c>videossl</c> argv it runs, what it waits for, the pool it needs and the store paths that prove it done.</summary>
/// <param name="Argv">The verb and its options, without the global store options each target adds.</param>
public sealed record Stage(string Id, StageKind Kind, IReadOnlyList<string> DependsOn, IReadOnlyList<string> Argv, PoolKind Pool, IReadOnlyList<DoneMarker> DoneMarkers)
{
    /// <summary>The dataset a synth or ingest stage works on.</summary>
    public string? Dataset { get; init; }

    /// <summary>For pretraining: how to continue an existing run (see <see cref="StageInvocation"/>).</summary>
    public CheckpointResume? Resume { get; init; }

    /// <summary>The verb's flags for what is added per run or per task (partition, steps, resume, device).</summary>
    public IReadOnlyDictionary<StageInput, string> Flags { get; init; } = new Dictionary<StageInput, string>();

    /// <summary>A stage whose verb takes a partition (ingest, embed, classify) spreads over partitions on Batch; the others run as one task.</summary>
    public bool Partitionable => Flags.ContainsKey(StageInput.Partition);

    /// <summary>The argv of partition <paramref name="index"/> of <paramref name="count"/> (partitionable stages only; one partition is the plain argv).</summary>
    public IReadOnlyList<string> ArgvForPartition(int index, int count)
    {
        if (!Partitionable || count <= 1)
        {
            return Argv;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        return [.. Argv, Flags[StageInput.Partition], $"{index}/{count}"];
    }

    /// <summary>A canonical one-line form (id, kind, pool, dependencies, argv, markers) for comparing graphs and for logs.</summary>
    public string Signature =>
        $"{Id} [{Kind}/{Pool}] after({string.Join(",", DependsOn)}) `{string.Join(" ", Argv)}` done({string.Join(", ", DoneMarkers.Select(m => m.Describe()))})";
}

/// <summary>How a pretraining stage continues its run: pass the verb's resume flag when a checkpoint exists, and with <c>resume: true</c> train <see cref="Steps"/> beyond it.</summary>
public sealed record CheckpointResume(RunLayout Run, int Steps, bool AddSteps);
