namespace VideoSsl.Pipelines.Local;

/// <summary>How one stage of a local run ended.</summary>
public enum StageStatus
{
    Done,
    DoneWithQuarantine,
    Skipped,
    Failed,
    Cancelled,
    NotRun,
}

/// <summary>One stage's outcome in a local run.</summary>
public sealed record StageOutcome(string StageId, StageStatus Status, int ExitCode, TimeSpan Elapsed, string? Note = null);

/// <summary>What a local pipeline run did, stage by stage, and where its report is.</summary>
public sealed record PipelineRunResult(string Pipeline, IReadOnlyList<StageOutcome> Stages, string StoreDescription, string? ReportPath)
{
    public bool Succeeded => Stages.All(s => s.Status is StageStatus.Done or StageStatus.DoneWithQuarantine or StageStatus.Skipped);

    /// <summary>0 clean; 2 finished with quarantined inputs; 1 a stage failed; 130 cancelled (the CLI's exit codes).</summary>
    public int ExitCode =>
        Stages.Any(s => s.Status == StageStatus.Cancelled) ? 130
        : Stages.Any(s => s.Status == StageStatus.Failed) ? 1
        : Stages.Any(s => s.Status == StageStatus.DoneWithQuarantine) ? 2
        : 0;

    public TimeSpan Elapsed => Stages.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Elapsed);

    /// <summary>The closing summary: one line per stage, then where the report is (or what to do next).</summary>
    public IReadOnlyList<string> Summary()
    {
        var lines = Stages.Select(s =>
            $"  {s.StageId,-20} {Word(s.Status),-26} {(s.Status is StageStatus.Skipped or StageStatus.NotRun ? "" : $"{s.Elapsed.TotalSeconds,8:0.0} s")}{(s.Note is null ? "" : "  " + s.Note)}").ToList();
        var head = Succeeded
            ? $"Pipeline {Pipeline} finished in {Elapsed.TotalSeconds:0.0} s."
            : $"Pipeline {Pipeline} stopped: {string.Join(", ", Stages.Where(s => s.Status is StageStatus.Failed or StageStatus.Cancelled).Select(s => $"{s.StageId} {Word(s.Status)}"))}.";
        lines.Insert(0, head);
        if (Succeeded && ReportPath is not null)
        {
            lines.Add($"Report: {StoreDescription} / {ReportPath}");
        }
        else if (!Succeeded)
        {
            lines.Add("Rerun the same command to continue: finished stages are skipped and interrupted ones resume.");
        }

        return lines;
    }

    private static string Word(StageStatus status) => status switch
    {
        StageStatus.Done => "done",
        StageStatus.DoneWithQuarantine => "done (inputs quarantined)",
        StageStatus.Skipped => "skipped (already done)",
        StageStatus.Failed => "failed",
        StageStatus.Cancelled => "cancelled",
        _ => "not run",
    };
}
