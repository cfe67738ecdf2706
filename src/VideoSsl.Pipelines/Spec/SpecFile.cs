namespace VideoSsl.Pipelines.Spec;

// The YAML of a pipeline spec as written, deserialized by YamlDotNet (keys are the properties in camelCase). Values stay
// text so one pass (SpecValidator) can check them all and report every problem with its line; SpecReader rejects keys
// that are not properties here. pipelines/README.md documents each key.

/// <summary>A spec file as written: the top-level keys.</summary>
internal sealed class SpecFile
{
    public string? Name { get; set; }
    public string? Run { get; set; }
    public string? Incremental { get; set; }
    public StoreFile? Store { get; set; }
    public Dictionary<string, DatasetFile?>? Datasets { get; set; }
    public StagesFile? Stages { get; set; }
    public ScheduleFile? Schedule { get; set; }
    public AzureFile? Azure { get; set; }
}

/// <summary><c>store:</c> as written.</summary>
internal sealed class StoreFile
{
    public string? Location { get; set; }
    public string? Container { get; set; }
}

/// <summary><c>datasets.{name}:</c> as written.</summary>
internal sealed class DatasetFile
{
    public SynthFile? Synth { get; set; }
    public string? Source { get; set; }
    public string? Labels { get; set; }
    public IngestFile? Ingest { get; set; }
}

/// <summary><c>datasets.{name}.synth:</c> as written.</summary>
internal sealed class SynthFile
{
    public string? Generator { get; set; }
    public string? Count { get; set; }
    public string? VideosPerClass { get; set; }
    public string? Frames { get; set; }
    public string? Seed { get; set; }
    public string? Workers { get; set; }
    public string? Out { get; set; }
}

/// <summary>Ingest settings as written, for one dataset (<c>datasets.{name}.ingest:</c>).</summary>
internal class IngestFile
{
    public string? Fps { get; set; }
    public string? Size { get; set; }
    public string? Color { get; set; }
    public string? Frames { get; set; }
    public string? Stride { get; set; }
    public string? Workers { get; set; }
}

/// <summary><c>stages.ingest:</c> as written: every dataset's ingest settings, and the stage's order.</summary>
internal sealed class IngestStageFile : IngestFile
{
    public SpecList? After { get; set; }
}

/// <summary><c>stages:</c> as written.</summary>
internal sealed class StagesFile
{
    public OrderFile? Synth { get; set; }
    public IngestStageFile? Ingest { get; set; }
    public PretrainFile? Pretrain { get; set; }
    public EvaluateFile? Evaluate { get; set; }
}

/// <summary>A stage that takes only <c>after:</c>.</summary>
internal sealed class OrderFile
{
    public SpecList? After { get; set; }
}

/// <summary><c>stages.pretrain:</c> as written.</summary>
internal sealed class PretrainFile
{
    public SpecList? Datasets { get; set; }
    public string? Preset { get; set; }
    public string? Steps { get; set; }
    public string? Batch { get; set; }
    public ObjectivesFile? Objectives { get; set; }
    public string? Resume { get; set; }
    public SpecList? After { get; set; }
}

/// <summary><c>stages.pretrain.objectives:</c> as written.</summary>
internal sealed class ObjectivesFile
{
    public string? Masked { get; set; }
    public string? Future { get; set; }
}

/// <summary><c>stages.evaluate:</c> as written.</summary>
internal sealed class EvaluateFile
{
    public string? Dataset { get; set; }
    public SpecList? LabelsPerClass { get; set; }
    public ProbeFile? Probe { get; set; }
    public FinetuneFile? Finetune { get; set; }
    public string? FinetuneBatch { get; set; }
    public SpecList? Seeds { get; set; }
    public string? Views { get; set; }
    public string? FutureDataset { get; set; }
    public string? FutureClips { get; set; }
    public SpecList? After { get; set; }
}

/// <summary><c>stages.evaluate.probe:</c> as written.</summary>
internal sealed class ProbeFile
{
    public string? Epochs { get; set; }
}

/// <summary><c>stages.evaluate.finetune:</c> as written.</summary>
internal sealed class FinetuneFile
{
    public string? Steps { get; set; }
}

/// <summary><c>schedule:</c> as written.</summary>
internal sealed class ScheduleFile
{
    public string? Every { get; set; }
    public string? Start { get; set; }
}

/// <summary><c>azure:</c> as written.</summary>
internal sealed class AzureFile
{
    public PoolsFile? Pools { get; set; }
    public string? Partitions { get; set; }
    public string? Container { get; set; }
    public string? LogsContainer { get; set; }
    public string? TaskRetries { get; set; }
    public string? MaxWallClockTime { get; set; }
    public string? AllocationTimeout { get; set; }
}

/// <summary><c>azure.pools:</c> as written.</summary>
internal sealed class PoolsFile
{
    public string? Cpu { get; set; }
    public string? Gpu { get; set; }
}

/// <summary>A list of values as written: a sequence, or a single value standing for a one-item list (<c>labelsPerClass: 10</c>).</summary>
internal sealed class SpecList : List<string>;
