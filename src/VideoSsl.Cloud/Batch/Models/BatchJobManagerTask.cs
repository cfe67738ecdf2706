namespace VideoSsl.Cloud.Batch.Models;

/// <summary>A task started with each job, typically to add the job's other tasks (<c>BatchJobManagerTask</c>).</summary>
public sealed record BatchJobManagerTask(string Id, string CommandLine) : BatchTaskContent(Id, CommandLine)
{
    public bool? KillJobOnCompletion { get; init; }

    public bool? RunExclusive { get; init; }

    public AuthenticationTokenSettings? AuthenticationTokenSettings { get; init; }
}

/// <summary>Grants a task a Batch token (AZ_BATCH_AUTHENTICATION_TOKEN) scoped to its job (<c>AuthenticationTokenSettings</c>).</summary>
public sealed record AuthenticationTokenSettings(IReadOnlyList<string> Access)
{
    /// <summary>Job-scoped access: the task may add tasks to and read its own job.</summary>
    public static AuthenticationTokenSettings Job { get; } = new(["job"]);
}
