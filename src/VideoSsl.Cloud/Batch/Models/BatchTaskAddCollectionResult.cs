namespace VideoSsl.Cloud.Batch.Models;

/// <summary>Per-task results of add-task-collection (<c>BatchTaskAddCollectionResult</c>).</summary>
public sealed record BatchTaskAddCollectionResult(IReadOnlyList<BatchTaskAddResult>? Value);

/// <summary>The result for one task of add-task-collection (<c>BatchTaskCreateResult</c>).</summary>
public sealed record BatchTaskAddResult(BatchTaskAddStatus Status, string TaskId)
{
    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? Location { get; init; }

    public BatchError? Error { get; init; }
}
