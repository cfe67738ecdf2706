namespace VideoSsl.Cloud.Batch.Models;

/// <summary>A job as the service reports it (<c>BatchJob</c>; fields the pipeline reads).</summary>
public sealed record BatchJob
{
    public required string Id { get; init; }

    public string? DisplayName { get; init; }

    public bool? UsesTaskDependencies { get; init; }

    public string? Url { get; init; }

    public string? ETag { get; init; }

    public DateTimeOffset? CreationTime { get; init; }

    public BatchJobState State { get; init; }

    public DateTimeOffset? StateTransitionTime { get; init; }

    public BatchPoolInfo? PoolInfo { get; init; }

    public BatchJobConstraints? Constraints { get; init; }

    public BatchAllTasksCompleteMode? OnAllTasksComplete { get; init; }

    public BatchTaskFailureMode? OnTaskFailure { get; init; }

    public BatchJobExecutionInfo? ExecutionInfo { get; init; }

    public IReadOnlyList<BatchMetadataItem>? Metadata { get; init; }
}

/// <summary>Timing and outcome of a job (<c>BatchJobExecutionInfo</c>).</summary>
public sealed record BatchJobExecutionInfo
{
    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public string? PoolId { get; init; }

    public BatchJobSchedulingError? SchedulingError { get; init; }

    public string? TerminateReason { get; init; }
}

/// <summary>Why the service could not start a job (<c>BatchJobSchedulingError</c>).</summary>
public sealed record BatchJobSchedulingError
{
    public BatchErrorSourceCategory Category { get; init; }

    public string? Code { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<NameValuePair>? Details { get; init; }
}
