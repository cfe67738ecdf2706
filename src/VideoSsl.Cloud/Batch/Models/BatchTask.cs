using System.Text.Json.Serialization;

namespace VideoSsl.Cloud.Batch.Models;

/// <summary>A task as the service reports it (<c>BatchTask</c>; fields the pipeline reads).</summary>
public sealed record BatchTask
{
    public required string Id { get; init; }

    public string? DisplayName { get; init; }

    public string? Url { get; init; }

    public BatchTaskState State { get; init; }

    public DateTimeOffset? StateTransitionTime { get; init; }

    public string? CommandLine { get; init; }

    public BatchTaskDependencies? DependsOn { get; init; }

    public BatchTaskExecutionInfo? ExecutionInfo { get; init; }

    /// <summary>True when the task completed and did not succeed.</summary>
    [JsonIgnore]
    public bool Failed => State == BatchTaskState.Completed && ExecutionInfo?.Result == BatchTaskExecutionResult.Failure;
}

/// <summary>Timing, exit code and failure of a task (<c>BatchTaskExecutionInfo</c>).</summary>
public sealed record BatchTaskExecutionInfo
{
    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>Why the task failed (<c>BatchTaskFailureInfo</c>).</summary>
    public BatchFailureInfo? FailureInfo { get; init; }

    public int RetryCount { get; init; }

    public int RequeueCount { get; init; }

    public BatchTaskExecutionResult? Result { get; init; }
}

/// <summary>One page of list-tasks (<c>BatchTaskListResult</c>).</summary>
public sealed record BatchTaskListResult(IReadOnlyList<BatchTask>? Value)
{
    [JsonPropertyName("odata.nextLink")]
    public Uri? NextLink { get; init; }
}
