namespace VideoSsl.Cloud.Batch;

/// <summary>Polls a job and its tasks until it succeeds or fails, waiting on the client's time provider.</summary>
public sealed class BatchJobMonitor(BatchClient client)
{
    /// <summary>One snapshot: the job, then all its tasks.</summary>
    public async Task<BatchJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var job = await client.GetJobAsync(jobId, cancellationToken);
        var tasks = await client.ListTasksAsync(jobId, cancellationToken);
        return new BatchJobStatus(job, tasks);
    }

    /// <summary>Polls every <paramref name="pollInterval"/> until the outcome is no longer running; returns the final snapshot.</summary>
    public async Task<BatchJobStatus> WaitAsync(
        string jobId,
        TimeSpan pollInterval,
        IProgress<BatchJobStatus>? progress = null,
        CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = await GetStatusAsync(jobId, cancellationToken);
            progress?.Report(status);
            if (status.Outcome != BatchJobOutcome.Running)
            {
                return status;
            }

            await Task.Delay(pollInterval, client.Options.TimeProvider, cancellationToken);
        }
    }
}
