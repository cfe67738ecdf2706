using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Plan;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Batch;

/// <summary>
/// What a launcher task does: submits one stage as its own job on the stage's pool (now that its inputs exist) and
/// waits for it. Idempotent: a retried launcher finds the job and its task already there and just waits again.
/// </summary>
public sealed class PoolStageLauncher(BatchClient client, Action<string> log)
{
    /// <summary>Submits and follows the stage job; returns 0 when it succeeded, 1 when it failed (with the reasons logged).</summary>
    public async Task<int> RunAsync(PipelineSpec spec, string stageId, string stageJobId, BatchTarget target, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        var graph = Graph.StageGraph.Build(spec);
        var stage = graph[stageId];
        var plan = BatchTranslator.PlanStageJob(spec, stage, target, stageJobId);
        var submission = await new BatchPlanSubmitter(client).SubmitAsync(plan, cancellationToken);
        log(submission.Job == BatchCreateOutcome.Created
            ? $"created job {stageJobId} on pool {plan.PoolId} for stage {stageId}"
            : $"job {stageJobId} already exists{(submission.JobAlreadyFinished ? " and has finished" : "")}; following it");

        string? last = null;
        var progress = new SyncProgress(status =>
        {
            var line = string.Join(", ", status.Tasks.Select(t => $"{t.Id} {t.State.ToString().ToLowerInvariant()}"));
            if (line != last)
            {
                last = line;
                log($"{stageJobId}: {line}");
            }
        });
        var final = await new BatchJobMonitor(client).WaitAsync(stageJobId, pollInterval, progress, cancellationToken);
        if (final.Outcome == BatchJobOutcome.Succeeded)
        {
            log($"stage {stageId} succeeded on job {stageJobId}");
            return 0;
        }

        log($"stage {stageId} failed on job {stageJobId}:{Environment.NewLine}{final.DescribeFailure()}");
        log($"stderr: {target.StderrUrl(stageJobId, stageId)}");
        return 1;
    }

    private sealed class SyncProgress(Action<BatchJobStatus> report) : IProgress<BatchJobStatus>
    {
        public void Report(BatchJobStatus value) => report(value);
    }
}
