using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Cloud.Batch.Plan;

/// <summary>What submitting a plan did.</summary>
public sealed record BatchPlanSubmission(string JobId, BatchCreateOutcome Job, BatchTaskCollectionResult? Tasks, bool JobAlreadyFinished);

/// <summary>A plan whose tasks Batch rejected for good; the job is left active so the caller can fix and resubmit or terminate it.</summary>
public sealed class BatchPlanSubmissionException(BatchPlanSubmission submission)
    : Exception($"Batch rejected {submission.Tasks?.Failed.Count} task(s) of job {submission.JobId}: "
        + string.Join("; ", submission.Tasks?.Failed.Select(f => f.ToString()) ?? []))
{
    public BatchPlanSubmission Submission { get; } = submission;
}

/// <summary>Submits a <see cref="BatchJobPlan"/>: create the job, add its tasks, then let Batch complete it when they are done.</summary>
/// <remarks>Idempotent: resubmitting the same plan finds the job and tasks already there and changes nothing.</remarks>
public sealed class BatchPlanSubmitter(BatchClient client)
{
    public async Task<BatchPlanSubmission> SubmitAsync(BatchJobPlan plan, CancellationToken cancellationToken = default)
    {
        var job = BatchPlanMapper.ToJobCreate(plan);
        var tasks = BatchPlanMapper.ToTasks(plan);

        var created = await client.CreateJobAsync(job, cancellationToken);
        if (created == BatchCreateOutcome.AlreadyExists)
        {
            // A finished job accepts no tasks; a resubmission of a finished run has nothing left to do.
            var existing = await client.GetJobAsync(plan.JobId, cancellationToken);
            if (existing.State is BatchJobState.Completed or BatchJobState.Terminating or BatchJobState.Deleting)
            {
                return new BatchPlanSubmission(plan.JobId, created, null, JobAlreadyFinished: true);
            }
        }

        var added = await client.AddTasksAsync(plan.JobId, tasks, cancellationToken);
        var submission = new BatchPlanSubmission(plan.JobId, created, added, JobAlreadyFinished: false);
        if (!added.Succeeded)
        {
            throw new BatchPlanSubmissionException(submission);
        }

        if (plan.TerminateWhenComplete)
        {
            await client.UpdateJobAsync(plan.JobId, new BatchJobUpdateContent { OnAllTasksComplete = BatchAllTasksCompleteMode.TerminateJob }, cancellationToken);
        }

        return submission;
    }

    /// <summary>
    /// Adds the plan's tasks to the job this process runs in: a job that a job schedule made, whose job manager task
    /// calls this. Creates no job and changes none of its settings (the schedule's job specification has them); a
    /// retried job manager finds its tasks already there.
    /// </summary>
    public async Task<BatchTaskCollectionResult> AddToRunningJobAsync(BatchJobPlan plan, CancellationToken cancellationToken = default)
    {
        var tasks = BatchPlanMapper.ToTasks(plan, runningJob: true);
        var added = await client.AddTasksAsync(plan.JobId, tasks, cancellationToken);
        if (!added.Succeeded)
        {
            throw new BatchPlanSubmissionException(new BatchPlanSubmission(plan.JobId, BatchCreateOutcome.AlreadyExists, added, JobAlreadyFinished: false));
        }

        return added;
    }
}
