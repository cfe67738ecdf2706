using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Models;
using VideoSsl.Cloud.Batch.Plan;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Batch;

/// <summary>
/// What a launcher task does: submits one stage as its own job on the stage's pool (now that its inputs exist) and
/// waits for it. Idempotent: a retried launcher finds the job and its task already there and just waits again.
/// </summary>
/// <remarks>
/// The launcher holds a CPU node while it waits, so it never waits without bound: the stage job's wall-clock limit is
/// what the launcher's own job has left, and when the pool cannot get a node (no quota for the VM family, or nothing
/// within <c>azure.allocationTimeout</c>) it terminates the stage job and fails with the pool's own error.
/// </remarks>
public sealed class PoolStageLauncher(BatchClient client, Action<string> log)
{
    private TimeProvider Time => client.Options.TimeProvider;

    /// <summary>Submits and follows the stage job; returns 0 when it succeeded, 1 when it failed (with the reasons logged).</summary>
    /// <param name="parentJobId">The job the launcher runs in ($AZ_BATCH_JOB_ID): the stage job may not outlive it.</param>
    public async Task<int> RunAsync(PipelineSpec spec, string stageId, string stageJobId, BatchTarget target, TimeSpan pollInterval,
        string? parentJobId = null, CancellationToken cancellationToken = default)
    {
        var graph = Graph.StageGraph.Build(spec);
        var stage = graph[stageId];
        var limit = await RemainingTimeAsync(parentJobId, spec.Azure.MaxWallClockTime, cancellationToken);
        var plan = BatchTranslator.PlanStageJob(spec, stage, target, stageJobId, limit);
        var submitted = Time.GetUtcNow();
        var submission = await new BatchPlanSubmitter(client).SubmitAsync(plan, cancellationToken);
        log(submission.Job == BatchCreateOutcome.Created
            ? $"created job {stageJobId} on pool {plan.PoolId} for stage {stageId} (limit {limit})"
            : $"job {stageJobId} already exists{(submission.JobAlreadyFinished ? " and has finished" : "")}; following it");

        var monitor = new BatchJobMonitor(client);
        string? last = null;
        try
        {
            while (true)
            {
                var status = await monitor.GetStatusAsync(stageJobId, cancellationToken);
                var line = string.Join(", ", status.Tasks.Select(t => $"{t.Id} {t.State.ToString().ToLowerInvariant()}"));
                if (line != last)
                {
                    last = line;
                    log($"{stageJobId}: {line}");
                }

                if (status.Outcome == BatchJobOutcome.Succeeded)
                {
                    log($"stage {stageId} succeeded on job {stageJobId}");
                    return 0;
                }

                if (status.Outcome == BatchJobOutcome.Failed)
                {
                    log($"stage {stageId} failed on job {stageJobId}:{Environment.NewLine}{status.DescribeFailure()}");
                    log($"stderr: {target.StderrUrl(stageJobId, stageId)}");
                    return 1;
                }

                if (status.Tasks.Count > 0 && status.Tasks.All(t => t.State == BatchTaskState.Active)
                    && await CannotAllocateAsync(plan.PoolId, submitted, spec.Azure.AllocationTimeout, cancellationToken) is { } reason)
                {
                    log($"stage {stageId} cannot start: pool {plan.PoolId} {reason}");
                    log($"terminating job {stageJobId} so that its task does not start later; raise the quota or change the pool's VM size (infra/main.bicep), then resubmit");
                    await client.TerminateJobAsync(stageJobId, $"pool {plan.PoolId} {reason}", cancellationToken);
                    return 1;
                }

                await Task.Delay(pollInterval, Time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The launcher's own job was terminated or its node is going away: the stage job must not run on unwatched.
            log($"launcher stopped: terminating job {stageJobId}");
            await client.TerminateJobAsync(stageJobId, "its launcher task was stopped", CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Why the pool will not run the waiting task, or null while it still may: a quota error reported by a resize the
    /// pool made after the submission fails at once (quota does not come back by itself); no node after the timeout fails too.
    /// </summary>
    private async Task<string?> CannotAllocateAsync(string poolId, DateTimeOffset submitted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pool = await client.GetPoolAsync(poolId, cancellationToken);
        if (pool.CurrentNodes > 0)
        {
            return null;
        }

        var errors = pool.DescribeErrors();
        var fresh = pool.AutoScaleRun?.Timestamp is not { } evaluated || evaluated >= submitted;
        var quota = (pool.ResizeErrors ?? []).FirstOrDefault(e => e.Code?.Contains("Quota", StringComparison.OrdinalIgnoreCase) == true);
        if (quota is not null && fresh)
        {
            return $"has no quota for its VM size {pool.VmSize}: {quota.Code}: {quota.Message}";
        }

        var waited = Time.GetUtcNow() - submitted;
        return waited < timeout
            ? null
            : $"got no node in {waited.TotalMinutes:0} min (azure.allocationTimeout {timeout}){(errors.Count > 0 ? ": " + string.Join("; ", errors) : "")}";
    }

    /// <summary>The limit for the stage job: what the parent job has left of its own limit, at most <paramref name="fallback"/>.</summary>
    private async Task<TimeSpan> RemainingTimeAsync(string? parentJobId, TimeSpan fallback, CancellationToken cancellationToken)
    {
        if (parentJobId is null)
        {
            return fallback;
        }

        var parent = await client.GetJobAsync(parentJobId, cancellationToken);
        if (parent.Constraints?.MaxWallClockTime is not { } limit || limit >= TimeSpan.MaxValue - TimeSpan.FromDays(1)
            || (parent.ExecutionInfo?.StartTime ?? parent.CreationTime) is not { } started)
        {
            return fallback;
        }

        var left = limit - (Time.GetUtcNow() - started);
        var minimum = TimeSpan.FromMinutes(1);
        return left < minimum ? minimum : left < fallback ? TimeSpan.FromMinutes(Math.Ceiling(left.TotalMinutes)) : fallback;
    }
}
