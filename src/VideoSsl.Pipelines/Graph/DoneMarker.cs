using VideoSsl.Clips.Datasets;
using VideoSsl.Storage;

namespace VideoSsl.Pipelines.Graph;

/// <summary>Something that exists once a stage has finished: a blob, a dataset with its manifest, a checkpoint at a step, a local folder.</summary>
public abstract record DoneMarker
{
    /// <summary>Where to look, in words ("datasets/digits/current.json + manifest").</summary>
    public abstract string Describe();
}

/// <summary>A blob in the store, e.g. runs/{run}/report.json.</summary>
public sealed record BlobMarker(string Path) : DoneMarker
{
    public override string Describe() => Path;
}

/// <summary>datasets/{name}/current.json and the manifest of the version it points at (<see cref="DatasetLayout"/>).</summary>
public sealed record DatasetMarker(string Dataset) : DoneMarker
{
    public override string Describe() => $"{DatasetLayout.CurrentPointer(Dataset)} + manifest";
}

/// <summary>The run's latest checkpoint pointer (<see cref="RunLayout.LatestPointer"/>) at a step of at least <see cref="MinStep"/>.</summary>
public sealed record CheckpointMarker(RunLayout Run, int MinStep) : DoneMarker
{
    public override string Describe() => $"{Run.LatestPointer} at step >= {MinStep}";
}

/// <summary>A local folder holding at least one file (synthesized videos); not in the store.</summary>
public sealed record FolderMarker(string LocalPath) : DoneMarker
{
    public override string Describe() => $"folder {LocalPath}";
}
