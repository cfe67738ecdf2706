using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Cloud.Batch;

/// <summary>Overall state of a submitted job as seen by polling.</summary>
public enum BatchJobOutcome
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>A snapshot of a job and its tasks, with the failures spelled out.</summary>
public sealed record BatchJobStatus(BatchJob Job, IReadOnlyList<BatchTask> Tasks)
{
    public int Active => Tasks.Count(t => t.State == BatchTaskState.Active);

    public int Running => Tasks.Count(t => t.State is BatchTaskState.Running or BatchTaskState.Preparing);

    public int Completed => Tasks.Count(t => t.State == BatchTaskState.Completed);

    public IReadOnlyList<BatchTask> FailedTasks => Tasks.Where(t => t.Failed).ToList();

    /// <summary>
    /// Failed as soon as any task fails (its dependants would wait forever) or the job could not be scheduled;
    /// succeeded when every task completed successfully; failed when the job ended with work left undone.
    /// </summary>
    public BatchJobOutcome Outcome
    {
        get
        {
            if (Job.ExecutionInfo?.SchedulingError is not null || FailedTasks.Count > 0)
            {
                return BatchJobOutcome.Failed;
            }

            if (Tasks.Count > 0 && Completed == Tasks.Count)
            {
                return BatchJobOutcome.Succeeded;
            }

            return Job.State is BatchJobState.Completed or BatchJobState.Terminating or BatchJobState.Deleting
                ? BatchJobOutcome.Failed
                : BatchJobOutcome.Running;
        }
    }

    /// <summary>One line per problem: scheduling error, failed tasks (exit code and failure info), early termination.</summary>
    public string DescribeFailure()
    {
        var lines = new List<string>();
        if (Job.ExecutionInfo?.SchedulingError is { } scheduling)
        {
            lines.Add($"job {Job.Id} could not be scheduled: {scheduling.Code}: {scheduling.Message}");
        }

        foreach (var task in FailedTasks)
        {
            var info = task.ExecutionInfo;
            var failure = info?.FailureInfo is { } f ? $" {f.Category} {f.Code}: {f.Message}" : "";
            lines.Add($"task {task.Id} failed (exit code {info?.ExitCode?.ToString() ?? "none"}, retries {info?.RetryCount ?? 0}){failure}");
        }

        if (lines.Count == 0 && Outcome == BatchJobOutcome.Failed)
        {
            lines.Add($"job {Job.Id} ended ({Job.ExecutionInfo?.TerminateReason ?? Job.State.ToString()}) with {Tasks.Count - Completed} of {Tasks.Count} tasks not completed");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Throws <see cref="BatchJobFailedException"/> when the outcome is <see cref="BatchJobOutcome.Failed"/>.</summary>
    public BatchJobStatus ThrowIfFailed() =>
        Outcome == BatchJobOutcome.Failed ? throw new BatchJobFailedException(this) : this;
}

/// <summary>A Batch job whose polling showed failed tasks, a scheduling error or early termination.</summary>
public sealed class BatchJobFailedException(BatchJobStatus status) : Exception(status.DescribeFailure())
{
    public BatchJobStatus Status { get; } = status;
}
