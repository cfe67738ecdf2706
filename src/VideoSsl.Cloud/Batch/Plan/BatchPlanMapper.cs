using System.Text.RegularExpressions;
using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Cloud.Batch.Plan;

/// <summary>Validates a <see cref="BatchJobPlan"/> and turns it into the job and task requests of the REST contract.</summary>
public static partial class BatchPlanMapper
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first problem: bad or duplicate ids, or a dependency that is not an earlier task.</summary>
    /// <param name="runningJob">
    /// The plan's tasks go to a job that already exists, such as one a job schedule made: its id may then have the
    /// form Batch gives those jobs, <c>{schedule}:job-{n}</c>.
    /// </param>
    public static void Validate(BatchJobPlan plan, bool runningJob = false)
    {
        if (runningJob)
        {
            if (!RunningJobId().IsMatch(plan.JobId))
            {
                throw new ArgumentException($"'{plan.JobId}' is not a Batch job id (1-64 letters, digits, '-' or '_', or {{schedule}}:job-{{n}} for a job a schedule made).");
            }
        }
        else
        {
            RequireId(plan.JobId, "job");
        }

        RequireNotEmpty(plan.PoolId, "pool id");
        RequireNotEmpty(plan.IdentityResourceId, "identity resource id");
        if (plan.Tasks.Count == 0)
        {
            throw new ArgumentException($"Plan {plan.JobId} has no tasks.", nameof(plan));
        }

        // Batch ids are case-insensitive; dependencies must point backwards, which also rules out cycles.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var task in plan.Tasks)
        {
            RequireId(task.Id, "task");
            RequireNotEmpty(task.CommandLine, $"command line of task {task.Id}");
            foreach (var dependency in task.DependsOn)
            {
                if (!seen.Contains(dependency))
                {
                    throw new ArgumentException(
                        string.Equals(dependency, task.Id, StringComparison.OrdinalIgnoreCase)
                            ? $"Task {task.Id} depends on itself."
                            : $"Task {task.Id} depends on '{dependency}', which is not an earlier task of plan {plan.JobId}.",
                        nameof(plan));
                }
            }

            if (!seen.Add(task.Id))
            {
                throw new ArgumentException($"Task id '{task.Id}' appears more than once in plan {plan.JobId}.", nameof(plan));
            }
        }
    }

    /// <summary>The create-job request. Completion is <c>noaction</c> until all tasks are in (a job with no tasks counts as complete).</summary>
    public static BatchJobCreateContent ToJobCreate(BatchJobPlan plan)
    {
        Validate(plan);
        return new BatchJobCreateContent(plan.JobId, new BatchPoolInfo(plan.PoolId))
        {
            DisplayName = plan.DisplayName,
            Priority = plan.Priority,
            UsesTaskDependencies = plan.Tasks.Any(t => t.DependsOn.Count > 0) ? true : null,
            Constraints = plan.MaxWallClockTime is null && plan.MaxTaskRetryCount is null
                ? null
                : new BatchJobConstraints { MaxWallClockTime = plan.MaxWallClockTime, MaxTaskRetryCount = plan.MaxTaskRetryCount },
            CommonEnvironmentSettings = Environment(plan.Environment),
            OnAllTasksComplete = BatchAllTasksCompleteMode.NoAction,
            OnTaskFailure = BatchTaskFailureMode.NoAction,
            Metadata = plan.Metadata.Count == 0 ? null : plan.Metadata.Select(m => new BatchMetadataItem(m.Key, m.Value)).ToList(),
        };
    }

    /// <summary>The tasks in plan order, with dependencies, resource files and output files through the pool identity.</summary>
    public static IReadOnlyList<BatchTaskCreateContent> ToTasks(BatchJobPlan plan, bool runningJob = false)
    {
        Validate(plan, runningJob);
        return plan.Tasks.Select(task => ToTask(task, plan.IdentityResourceId)).ToList();
    }

    private static BatchTaskCreateContent ToTask(BatchPlannedTask task, string identity) =>
        new(task.Id, task.CommandLine)
        {
            DisplayName = task.DisplayName,
            DependsOn = task.DependsOn.Count == 0 ? null : new BatchTaskDependencies(task.DependsOn.ToList()),
            ResourceFiles = task.Inputs.Count == 0 ? null : task.Inputs.Select(input => ToResourceFile(input, identity)).ToList(),
            OutputFiles = task.Outputs.Count == 0
                ? null
                : task.Outputs.Select(o => OutputFile.ToContainer(o.FilePattern, o.ContainerUrl, o.BlobPath, identity, o.Condition)).ToList(),
            EnvironmentSettings = Environment(task.Environment),
            Constraints = task.MaxWallClockTime is null && task.MaxTaskRetryCount is null
                ? null
                : new BatchTaskConstraints { MaxWallClockTime = task.MaxWallClockTime, MaxTaskRetryCount = task.MaxTaskRetryCount },
            RequiredSlots = task.RequiredSlots,
        };

    private static ResourceFile ToResourceFile(BlobInput input, string identity) =>
        input.IsContainer
            ? ResourceFile.FromContainer(input.Url, input.BlobPrefix, input.LocalPath, identity)
            : ResourceFile.FromBlob(input.Url, input.LocalPath ?? throw new ArgumentException($"Blob input {input.Url} needs a local path."), identity);

    private static List<EnvironmentSetting>? Environment(IReadOnlyDictionary<string, string> variables) =>
        variables.Count == 0 ? null : variables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new EnvironmentSetting(v.Key, v.Value)).ToList();

    private static void RequireId(string id, string kind)
    {
        if (!BatchId().IsMatch(id))
        {
            throw new ArgumentException($"'{id}' is not a valid Batch {kind} id: use 1-64 letters, digits, '-' or '_'.");
        }
    }

    private static void RequireNotEmpty(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"The {what} is empty.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex BatchId();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}(:job-[0-9]+)?$")]
    private static partial Regex RunningJobId();
}
