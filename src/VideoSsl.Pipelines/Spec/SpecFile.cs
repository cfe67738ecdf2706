namespace VideoSsl.Pipelines.Spec;

// The YAML of a pipeline spec as written, deserialized by YamlDotNet into plain fields (keys are the fields in
// camelCase). Values stay text so one pass (SpecValidator) can check them all and report every problem with its line;
// SpecReader rejects keys that are not fields here. A stage's settings are a map: the verb's own keys, checked by the
// verb (Stages.IStageVerb), and the few keys only pipelines have. pipelines/README.md documents each key.

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
    public SettingsFile? Synth;
    public string? Source;
    public string? Labels;
    public SettingsFile? Ingest;
}

/// <summary><c>stages:</c> as written.</summary>
internal sealed class StagesFile
{
    public SettingsFile? Synth;
    public SettingsFile? Ingest;
    public SettingsFile? Pretrain;
    public SettingsFile? Evaluate;
    public SettingsFile? Embed;
    public SettingsFile? Classify;
}

/// <summary>A stage's settings as written, in the file's order: each key a value or a list of values.</summary>
internal sealed class SettingsFile : Dictionary<string, SpecList?>;

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
internal sealed class SpecList : List<string>
{
    /// <summary>True when the file wrote a sequence, false for a single value.</summary>
    public bool IsSequence { get; init; }
}
