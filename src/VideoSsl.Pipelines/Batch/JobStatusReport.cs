using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Pipelines.Batch;

/// <summary>Formats a job snapshot for <c>videossl pipeline status</c>: a progress line, one line per task, and where failed tasks' stderr is.</summary>
public static class JobStatusReport
{
    public static string Headline(BatchJobStatus status) =>
        $"job {status.Job.Id}: {status.Job.State.ToString().ToLowerInvariant()}, {status.Completed}/{status.Tasks.Count} tasks completed "
        + $"({status.Running} running, {status.Active} waiting, {status.FailedTasks.Count} failed) - {status.Outcome.ToString().ToLowerInvariant()}";

    /// <param name="logsContainerUrl">The container task logs go to; null prints the path inside it.</param>
    public static IReadOnlyList<string> TaskLines(BatchJobStatus status, Uri? logsContainerUrl)
    {
        var lines = new List<string>();
        foreach (var task in status.Tasks)
        {
            var info = task.ExecutionInfo;
            var state = task.Failed ? "failed" : task.State.ToString().ToLowerInvariant();
            var elapsed = info?.StartTime is { } start ? $" {((info.EndTime ?? DateTimeOffset.UtcNow) - start).TotalMinutes:0.0} min" : "";
            var exit = info?.ExitCode is { } code ? $" exit {code}" : "";
            var retries = info is { RetryCount: > 0 } ? $" ({info.RetryCount} retries)" : "";
            lines.Add($"  {task.Id,-28} {state,-10}{exit}{elapsed}{retries}");
            if (task.Failed)
            {
                if (info?.FailureInfo is { } failure)
                {
                    lines.Add($"      {failure.Code}: {failure.Message}");
                }

                var path = $"{status.Job.Id}/{task.Id}/stderr.txt";
                lines.Add($"      stderr: {(logsContainerUrl is null ? path : $"{logsContainerUrl.AbsoluteUri.TrimEnd('/')}/{path}")}");
            }

            if (task.DisplayName?.StartsWith("launch ", StringComparison.Ordinal) == true && task.DisplayName.LastIndexOf(" as job ", StringComparison.Ordinal) is var at and >= 0)
            {
                lines.Add($"      follow it: videossl pipeline status --job {task.DisplayName[(at + " as job ".Length)..]}");
            }
        }

        if (status.Job.ExecutionInfo?.SchedulingError is { } scheduling)
        {
            lines.Add($"  job could not be scheduled: {scheduling.Code}: {scheduling.Message}");
        }

        return lines;
    }

    /// <summary>The logs container the job names in its metadata (submit and schedule put it there), else <paramref name="fallback"/>.</summary>
    public static Uri? LogsContainer(BatchJob job, Uri? fallback) =>
        job.Metadata?.FirstOrDefault(m => m.Name == BatchTarget.LogsMetadata)?.Value is { } value && Uri.TryCreate(value, UriKind.Absolute, out var url)
            ? url
            : fallback;

    /// <summary>The job's pool when it is why tasks wait or fail to start: its node count, resize errors and autoscale errors.</summary>
    public static IReadOnlyList<string> PoolLines(BatchPool pool, BatchJobStatus status)
    {
        var errors = pool.DescribeErrors();
        if (errors.Count == 0 && (pool.CurrentNodes > 0 || status.Active == 0))
        {
            return [];
        }

        var lines = new List<string>
        {
            $"  pool {pool.Id} ({pool.VmSize}): {pool.CurrentNodes} nodes, target {pool.TargetDedicatedNodes + pool.TargetSpotNodes}, {pool.AllocationState}",
        };
        lines.AddRange(errors.Select(e => $"      {e}"));
        return lines;
    }

    /// <summary>The tasks whose state changed between two snapshots, for a follow loop that prints only news.</summary>
    public static IEnumerable<BatchTask> Changed(BatchJobStatus? before, BatchJobStatus now)
    {
        var previous = before?.Tasks.ToDictionary(t => t.Id, t => (t.State, t.Failed)) ?? [];
        return now.Tasks.Where(t => !previous.TryGetValue(t.Id, out var p) || p != (t.State, t.Failed));
    }
}
