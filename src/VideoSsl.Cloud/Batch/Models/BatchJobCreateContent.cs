namespace VideoSsl.Cloud.Batch.Models;

/// <summary>A job to create on an existing pool: a job specification with its id (<c>BatchJobCreateOptions</c> in the 2025-06-01 contract).</summary>
public sealed record BatchJobCreateContent(string Id, BatchPoolInfo PoolInfo) : BatchJobSpecification(PoolInfo);

/// <summary>Execution limits of a job (<c>BatchJobConstraints</c>).</summary>
public sealed record BatchJobConstraints
{
    public TimeSpan? MaxWallClockTime { get; init; }

    public int? MaxTaskRetryCount { get; init; }
}

/// <summary>Fields of a job that a PATCH changes; null fields are left as they are (<c>BatchJobUpdateOptions</c>).</summary>
public sealed record BatchJobUpdateContent
{
    public int? Priority { get; init; }

    public BatchJobConstraints? Constraints { get; init; }

    public BatchAllTasksCompleteMode? OnAllTasksComplete { get; init; }

    public IReadOnlyList<BatchMetadataItem>? Metadata { get; init; }
}

/// <summary>The body of terminate-job (<c>BatchJobTerminateOptions</c>).</summary>
public sealed record BatchJobTerminateContent(string? TerminateReason);
