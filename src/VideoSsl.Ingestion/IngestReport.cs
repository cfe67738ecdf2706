namespace VideoSsl.Ingestion;

/// <summary>The outcome of an ingestion run: per input, and in total.</summary>
/// <param name="ManifestRepaired">True when the run changed no record but rewrote a manifest that disagreed with the records (an earlier run was stopped before rewriting it).</param>
public sealed record IngestReport(
    string Dataset,
    string Version,
    string Store,
    string Source,
    IReadOnlyList<InputResult> Inputs,
    int NewClips,
    int TotalClips,
    int ShardsWritten,
    double Seconds,
    bool Cancelled,
    bool ManifestRepaired = false)
{
    public int Ingested => Inputs.Count(i => i.Status == InputStatus.Ingested);

    public int Skipped => Inputs.Count(i => i.Status == InputStatus.Skipped);

    public int Quarantined => Inputs.Count(i => i.Status == InputStatus.Quarantined);

    /// <summary>True when the run wrote nothing at all (a rerun over finished work).</summary>
    public bool WroteNothing => NewClips == 0 && ShardsWritten == 0 && !ManifestRepaired && Inputs.All(i => !i.New);
}

/// <summary>What happened to one input.</summary>
/// <param name="New">Whether this run wrote its record (false for inputs finished earlier or by another worker).</param>
public sealed record InputResult(string Path, string Status, int Clips, string? Reason, bool New);

/// <summary>The statuses an input can end in.</summary>
public static class InputStatus
{
    public const string Ingested = "ingested";
    public const string Skipped = "skipped";
    public const string Quarantined = "quarantined";
}

/// <summary>Progress of a running ingestion.</summary>
public sealed record IngestProgress(int InputsDone, int InputsTotal, int Clips, long Frames, string? Current);
