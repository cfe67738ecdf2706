namespace VideoSsl.Cloud.Batch.Models;

/// <summary>A recurring job schedule to create (<c>BatchJobScheduleCreateOptions</c>).</summary>
public sealed record BatchJobScheduleCreateContent(string Id, BatchJobScheduleConfiguration Schedule, BatchJobSpecification JobSpecification)
{
    public string? DisplayName { get; init; }

    public IReadOnlyList<BatchMetadataItem>? Metadata { get; init; }
}

/// <summary>When jobs are created under a schedule; Batch repeats on an interval, not cron (<c>BatchJobScheduleConfiguration</c>).</summary>
public sealed record BatchJobScheduleConfiguration
{
    public DateTimeOffset? DoNotRunUntil { get; init; }

    public DateTimeOffset? DoNotRunAfter { get; init; }

    public TimeSpan? StartWindow { get; init; }

    /// <summary>ISO 8601 duration between job starts, at least one minute; see <see cref="BatchRecurrence"/>.</summary>
    public TimeSpan? RecurrenceInterval { get; init; }
}

/// <summary>The settings of a job: the template of the jobs a schedule creates (<c>BatchJobSpecification</c>), of a job created alone (<see cref="BatchJobCreateContent"/>) and of a job the service reports (<see cref="BatchJob"/>).</summary>
public record BatchJobSpecification(BatchPoolInfo PoolInfo)
{
    public string? DisplayName { get; init; }

    public bool? UsesTaskDependencies { get; init; }

    public int? Priority { get; init; }

    public BatchJobConstraints? Constraints { get; init; }

    public BatchJobManagerTask? JobManagerTask { get; init; }

    public IReadOnlyList<EnvironmentSetting>? CommonEnvironmentSettings { get; init; }

    public BatchAllTasksCompleteMode? OnAllTasksComplete { get; init; }

    public BatchTaskFailureMode? OnTaskFailure { get; init; }

    public IReadOnlyList<BatchMetadataItem>? Metadata { get; init; }
}

/// <summary>The writable part of a job schedule, sent by PUT to replace an existing one (<c>BatchJobSchedule</c>).</summary>
public sealed record BatchJobScheduleReplaceContent(
    BatchJobScheduleConfiguration Schedule,
    BatchJobSpecification JobSpecification,
    IReadOnlyList<BatchMetadataItem>? Metadata);
