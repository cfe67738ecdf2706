namespace VideoSsl.Clips.Datasets;

/// <summary>What `videossl inspect` looks at: a dataset version, and whether to verify every clip.</summary>
public sealed record InspectOptions
{
    /// <summary>Dataset name.</summary>
    public string Dataset { get; init; } = "default";

    /// <summary>Dataset version (default: the current one).</summary>
    public string? Version { get; init; }

    /// <summary>Check that the manifest lists what the video records hold, then read every shard and check every clip's checksum (exit code 1 on any disagreement).</summary>
    public bool Verify { get; init; }
}
