namespace VideoSsl.Cloud.Batch.Models;

/// <summary>What every task of a job is given: its id, command line, files, environment and limits (the fields <c>BatchTaskCreateOptions</c> and <c>BatchJobManagerTask</c> share).</summary>
public abstract record BatchTaskContent(string Id, string CommandLine)
{
    public string? DisplayName { get; init; }

    public IReadOnlyList<ResourceFile>? ResourceFiles { get; init; }

    public IReadOnlyList<OutputFile>? OutputFiles { get; init; }

    public IReadOnlyList<EnvironmentSetting>? EnvironmentSettings { get; init; }

    public BatchTaskConstraints? Constraints { get; init; }

    public int? RequiredSlots { get; init; }
}

/// <summary>A task to add to a job (<c>BatchTaskCreateOptions</c> in the 2025-06-01 contract).</summary>
public sealed record BatchTaskCreateContent(string Id, string CommandLine) : BatchTaskContent(Id, CommandLine)
{
    public BatchTaskDependencies? DependsOn { get; init; }
}

/// <summary>Execution limits of a task (<c>BatchTaskConstraints</c>).</summary>
public sealed record BatchTaskConstraints
{
    public TimeSpan? MaxWallClockTime { get; init; }

    public TimeSpan? RetentionTime { get; init; }

    public int? MaxTaskRetryCount { get; init; }
}

/// <summary>Tasks that must succeed before this one is scheduled (<c>BatchTaskDependencies</c>).</summary>
public sealed record BatchTaskDependencies(IReadOnlyList<string> TaskIds);

/// <summary>The body of add-task-collection: at most 100 tasks (<c>BatchTaskGroup</c>).</summary>
public sealed record BatchTaskGroup(IReadOnlyList<BatchTaskCreateContent> Value)
{
    /// <summary>The service's limit on tasks per add-task-collection call.</summary>
    public const int MaxTasks = 100;
}
