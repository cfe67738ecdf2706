using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Cloud.Batch;

/// <summary>What an idempotent create did: made the resource, found it already there, or replaced it.</summary>
public enum BatchCreateOutcome
{
    Created,
    AlreadyExists,
    Updated,
}

/// <summary>A task that add-task-collection rejected for good (client error, or server errors past the resend budget).</summary>
public sealed record BatchTaskAddFailure(string TaskId, BatchTaskAddStatus Status, BatchError? Error)
{
    /// <inheritdoc />
    public override string ToString() => $"{TaskId}: {Status} {Error}";
}

/// <summary>What adding a list of tasks did, across all chunks and resend rounds.</summary>
public sealed record BatchTaskCollectionResult(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> AlreadyExisted,
    IReadOnlyList<BatchTaskAddFailure> Failed,
    int Requests)
{
    public bool Succeeded => Failed.Count == 0;
}
