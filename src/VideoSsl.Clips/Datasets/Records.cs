namespace VideoSsl.Clips.Datasets;

/// <summary>The description of a dataset version, written once when its first video is ingested.</summary>
public sealed record DatasetInfo(string Name, string Version, ClipSpec Spec, int ShardFormatVersion, DateTimeOffset CreatedUtc);

/// <summary>Points a dataset name at the version ingested last.</summary>
public sealed record CurrentVersion(string Version, ClipSpec Spec, DateTimeOffset UpdatedUtc);

/// <summary>What happened to one source video: its clips, or why it was quarantined.</summary>
public sealed record VideoRecord(
    string VideoId,
    string Source,
    string SourceHash,
    string Status,
    string? Reason,
    IReadOnlyList<ClipLocation> Clips,
    string? Label = null,
    string? Split = null)
{
    public const string Ingested = "ingested";
    public const string Quarantined = "quarantined";
}

/// <summary>Where one clip of a video lives: shard (relative to the version root), index in it and byte offset.</summary>
public sealed record ClipLocation(int ClipIndex, double StartSeconds, string Shard, int ShardIndex, long Offset);

/// <summary>One line of the manifest: a clip, its source, and where its bytes are.</summary>
public sealed record ManifestEntry(
    int Clip,
    string VideoId,
    string Source,
    string SourceHash,
    int ClipIndex,
    double StartSeconds,
    string Shard,
    int ShardIndex,
    long Offset,
    string? Label = null,
    string? Split = null);
