namespace VideoSsl.Pipelines.Spec;

// The YAML of a pipeline spec as written, deserialized by YamlDotNet into plain fields (keys are the fields in
// camelCase). Values stay text so one pass (SpecValidator) can check them all and report every problem with its line;
// SpecReader rejects keys that are not fields here. pipelines/README.md documents each key.

/// <summary>A spec file as written: the top-level keys.</summary>
internal sealed class SpecFile
{
    public string? Name;
    public string? Run;
    public string? Incremental;
    public StoreFile? Store;
    public Dictionary<string, DatasetFile?>? Datasets;
    public StagesFile? Stages;
    public ScheduleFile? Schedule;
    public AzureFile? Azure;
}

/// <summary><c>store:</c> as written.</summary>
internal sealed class StoreFile
{
    public string? Location;
    public string? Container;
}

/// <summary><c>datasets.{name}:</c> as written.</summary>
internal sealed class DatasetFile
{
    public SynthFile? Synth;
    public string? Source;
    public string? Labels;
    public IngestFile? Ingest;
}

/// <summary><c>datasets.{name}.synth:</c> as written.</summary>
internal sealed class SynthFile
{
    public string? Generator;
    public string? Count;
    public string? VideosPerClass;
    public string? TestFraction;
    public string? Frames;
    public string? Seed;
    public string? Workers;
    public string? Out;
    public string? Digits;
    public string? Idx;
}

/// <summary>Ingest settings as written, for one dataset (<c>datasets.{name}.ingest:</c>).</summary>
internal class IngestFile
{
    public string? Fps;
    public string? Size;
    public string? Color;
    public string? Frames;
    public string? Stride;
    public string? Workers;
}

/// <summary><c>stages.ingest:</c> as written: every dataset's ingest settings, and the stage's order.</summary>
internal sealed class IngestStageFile : IngestFile
{
    public SpecList? After;
}

/// <summary><c>stages:</c> as written.</summary>
internal sealed class StagesFile
{
    public OrderFile? Synth;
    public IngestStageFile? Ingest;
    public PretrainFile? Pretrain;
    public EvaluateFile? Evaluate;
}

/// <summary>A stage that takes only <c>after:</c>.</summary>
internal sealed class OrderFile
{
    public SpecList? After;
}

/// <summary><c>stages.pretrain:</c> as written.</summary>
internal sealed class PretrainFile
{
    public SpecList? Datasets;
    public string? Generate;
    public string? Digits;
    public string? Idx;
    public string? Device;
    public string? Arch;
    public string? Preset;
    public string? PatchSize;
    public string? Steps;
    public string? Batch;
    public ObjectivesFile? Objectives;
    public string? Resume;
    public SpecList? After;
}

/// <summary><c>stages.pretrain.objectives:</c> as written.</summary>
internal sealed class ObjectivesFile
{
    public string? Masked;
    public string? Future;
}

/// <summary><c>stages.evaluate:</c> as written.</summary>
internal sealed class EvaluateFile
{
    public string? Dataset;
    public SpecList? LabelsPerClass;
    public ProbeFile? Probe;
    public FinetuneFile? Finetune;
    public string? FinetuneBatch;
    public SpecList? Seeds;
    public string? Views;
    public string? FutureDataset;
    public string? FutureClips;
    public string? Benchmark;
    public SpecList? After;
}

/// <summary><c>stages.evaluate.probe:</c> as written.</summary>
internal sealed class ProbeFile
{
    public string? Epochs;
}

/// <summary><c>stages.evaluate.finetune:</c> as written.</summary>
internal sealed class FinetuneFile
{
    public string? Steps;
    public string? Epochs;
}

/// <summary><c>schedule:</c> as written.</summary>
internal sealed class ScheduleFile
{
    public string? Every;
    public string? Start;
}

/// <summary><c>azure:</c> as written.</summary>
internal sealed class AzureFile
{
    public PoolsFile? Pools;
    public string? Partitions;
    public string? Container;
    public string? LogsContainer;
    public string? TaskRetries;
    public string? MaxWallClockTime;
    public string? AllocationTimeout;
}

/// <summary><c>azure.pools:</c> as written.</summary>
internal sealed class PoolsFile
{
    public string? Cpu;
    public string? Gpu;
}

/// <summary>A list of values as written: a sequence, or a single value standing for a one-item list (<c>labelsPerClass: 10</c>).</summary>
internal sealed class SpecList : List<string>;
