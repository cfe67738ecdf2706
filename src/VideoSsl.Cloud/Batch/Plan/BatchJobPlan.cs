namespace VideoSsl.Cloud.Batch.Plan;

/// <summary>
/// One Batch job on one pool with its tasks in dependency order: what the pipeline layer hands to
/// <see cref="BatchPlanSubmitter"/>. A pipeline spanning the CPU and GPU pools becomes one plan per pool.
/// </summary>
/// <param name="JobId">Deterministic id (same run, same id) so a resubmission is a no-op; ≤ 64 of [A-Za-z0-9_-].</param>
/// <param name="IdentityResourceId">The pool's user-assigned identity, used for every blob input and output.</param>
public sealed record BatchJobPlan(string JobId, string PoolId, string IdentityResourceId, IReadOnlyList<BatchPlannedTask> Tasks)
{
    public string? DisplayName { get; init; }

    public int? Priority { get; init; }

    public TimeSpan? MaxWallClockTime { get; init; }

    /// <summary>Default retries for each task (a task's own value wins).</summary>
    public int? MaxTaskRetryCount { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Let Batch complete the job once every task has completed (engaged after all tasks are added).</summary>
    public bool TerminateWhenComplete { get; init; } = true;
}

/// <summary>One command of a plan with the tasks it waits for and the blobs it reads and writes.</summary>
public sealed record BatchPlannedTask(string Id, string CommandLine)
{
    public string? DisplayName { get; init; }

    /// <summary>Ids of earlier tasks in the same plan that must succeed first.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public IReadOnlyList<BlobInput> Inputs { get; init; } = [];

    public IReadOnlyList<BlobOutput> Outputs { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public TimeSpan? MaxWallClockTime { get; init; }

    public int? MaxTaskRetryCount { get; init; }

    public int? RequiredSlots { get; init; }
}

/// <summary>A blob, or every blob under a container prefix, downloaded before a task runs.</summary>
public sealed record BlobInput
{
    private BlobInput(Uri url, bool isContainer, string? blobPrefix, string? localPath)
    {
        Url = url;
        IsContainer = isContainer;
        BlobPrefix = blobPrefix;
        LocalPath = localPath;
    }

    public Uri Url { get; }

    public bool IsContainer { get; }

    public string? BlobPrefix { get; }

    /// <summary>File path (single blob) or directory (container) relative to the task's working directory.</summary>
    public string? LocalPath { get; }

    public static BlobInput Blob(Uri blobUrl, string localPath) => new(blobUrl, false, null, localPath);

    public static BlobInput Container(Uri containerUrl, string? blobPrefix, string? localDirectory) =>
        new(containerUrl, true, blobPrefix, localDirectory);
}

/// <summary>Files matching a pattern, uploaded to a container path after a task runs.</summary>
public sealed record BlobOutput(string FilePattern, Uri ContainerUrl, string? BlobPath)
{
    public Models.OutputFileUploadCondition Condition { get; init; } = Models.OutputFileUploadCondition.TaskSuccess;
}
