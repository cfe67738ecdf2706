namespace VideoSsl.Cloud.Batch.Models;

/// <summary>A job as the service reports it (<c>BatchJob</c>; fields the pipeline reads): its specification, and its id, state and execution.</summary>
public sealed record BatchJob(string Id, BatchPoolInfo PoolInfo) : BatchJobSpecification(PoolInfo)
{
    public string? Url { get; init; }

    public string? ETag { get; init; }

    public DateTimeOffset? CreationTime { get; init; }

    public BatchJobState State { get; init; }

    public DateTimeOffset? StateTransitionTime { get; init; }

    public BatchJobExecutionInfo? ExecutionInfo { get; init; }
}

/// <summary>Timing and outcome of a job (<c>BatchJobExecutionInfo</c>).</summary>
public sealed record BatchJobExecutionInfo
{
    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public string? PoolId { get; init; }

    /// <summary>Why the service could not start the job (<c>BatchJobSchedulingError</c>).</summary>
    public BatchFailureInfo? SchedulingError { get; init; }

    public string? TerminateReason { get; init; }
}
