using VideoSsl.Cloud.Batch.Models;
using VideoSsl.Cloud.Batch.Plan;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Batch;

/// <summary>
/// Turns a spec with <c>schedule:</c> into a Batch job schedule. Schedules create empty jobs (they do not copy tasks),
/// so each job starts with a job manager task that runs <c>videossl pipeline submit-tasks</c> to add the pipeline's tasks.
/// </summary>
public static class ScheduleTranslator
{
    /// <summary>The verb the job manager runs (hidden in the CLI); it adds the tasks to $AZ_BATCH_JOB_ID.</summary>
    public static readonly IReadOnlyList<string> SubmitTasksVerb = ["pipeline", "submit-tasks"];

    public const string JobManagerId = "submit-tasks";

    /// <summary>The schedule (id = pipeline name) for <paramref name="spec"/>; throws <see cref="PipelineSpecException"/> without <c>schedule:</c>.</summary>
    /// <param name="now">Registration time: the first run is the next time on the <c>start</c> grid after it, never at once.</param>
    public static BatchJobScheduleCreateContent Translate(PipelineSpec spec, BatchTarget target, DateTimeOffset now)
    {
        var schedule = spec.Schedule
            ?? throw new PipelineSpecException(spec.SourceFile, "schedule", 0, "is required to schedule a pipeline: add schedule: { every: PT24H }");

        // Checks the spec translates (blob sources, ids) before anything is registered.
        BatchTranslator.Translate(spec, target, BatchTranslator.DefaultJobId(spec.Name, DateTimeOffset.UnixEpoch));

        var logs = BatchTranslator.Logs(target, $"schedules/{spec.Name}", JobManagerId)
            .Select(o => OutputFile.ToContainer(o.FilePattern, o.ContainerUrl, o.BlobPath, target.IdentityResourceId, o.Condition))
            .ToList();
        var manager = new BatchJobManagerTask(JobManagerId, TaskCommandLine.For([.. SubmitTasksVerb, "--spec-base64", SpecLoader.ToBase64(spec)], target.StoreLocation))
        {
            DisplayName = $"add the tasks of pipeline {spec.Name}",
            KillJobOnCompletion = false, // the job goes on with the tasks the manager added
            OutputFiles = logs,
            Constraints = new BatchTaskConstraints { MaxTaskRetryCount = spec.Azure.TaskRetries },
        };
        var job = new BatchJobSpecification(new BatchPoolInfo(target.CpuPoolId))
        {
            DisplayName = $"pipeline {spec.Name} (run {spec.Run})",
            UsesTaskDependencies = true,
            JobManagerTask = manager,
            CommonEnvironmentSettings = target.JobEnvironment().OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new EnvironmentSetting(v.Key, v.Value)).ToList(),
            OnAllTasksComplete = BatchAllTasksCompleteMode.TerminateJob,
            OnTaskFailure = BatchTaskFailureMode.NoAction,
            Metadata = [.. BatchTranslator.Metadata(spec, target).Select(m => new BatchMetadataItem(m.Key, m.Value))],

            // A job whose task failed waits forever on its dependants; Batch creates no new job while one is active,
            // so a job may not outlive its interval.
            Constraints = new BatchJobConstraints { MaxWallClockTime = schedule.Every, MaxTaskRetryCount = spec.Azure.TaskRetries },
        };
        return new BatchJobScheduleCreateContent(spec.Name, new BatchJobScheduleConfiguration
        {
            RecurrenceInterval = schedule.Every,
            DoNotRunUntil = schedule.FirstRunAfter(now),
        }, job)
        {
            DisplayName = $"pipeline {spec.Name} every {schedule.EveryText}",
            Metadata = [.. BatchTranslator.Metadata(spec, target).Select(m => new BatchMetadataItem(m.Key, m.Value))],
        };
    }
}
