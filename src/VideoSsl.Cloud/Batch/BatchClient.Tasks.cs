using System.Net;
using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Cloud.Batch;

/// <summary>Add-task-collection: chunking to 100 tasks, resending server-side failures, reporting permanent ones.</summary>
public sealed partial class BatchClient
{
    /// <summary>
    /// Adds tasks to a job in order, at most 100 per request. Tasks that already exist count as added; tasks the
    /// service rejected with a server error are resent (only those); client errors are reported in the result.
    /// </summary>
    public async Task<BatchTaskCollectionResult> AddTasksAsync(
        string jobId,
        IReadOnlyList<BatchTaskCreateContent> tasks,
        CancellationToken cancellationToken = default)
    {
        var duplicate = tasks.GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Task id '{duplicate.Key}' appears more than once (Batch ids are case-insensitive).", nameof(tasks));
        }

        var tally = new Tally();
        foreach (var chunk in tasks.Chunk(BatchTaskGroup.MaxTasks))
        {
            await AddChunkAsync(jobId, chunk, tally, cancellationToken);
        }

        return new BatchTaskCollectionResult(tally.Added, tally.AlreadyExisted, tally.Failed, tally.Requests);
    }

    private async Task AddChunkAsync(string jobId, IReadOnlyList<BatchTaskCreateContent> chunk, Tally tally, CancellationToken cancellationToken)
    {
        var pending = chunk;
        for (var round = 0; ; round++)
        {
            tally.Requests++;
            using var response = await SendAsync(HttpMethod.Post, $"jobs/{Escape(jobId)}/addtaskcollection", new BatchTaskGroup(pending), $"add {pending.Count} tasks to job {jobId}", cancellationToken);

            // Too many resource files in one body: halve the chunk rather than fail the whole list.
            if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge && pending.Count > 1)
            {
                var half = pending.Count / 2;
                await AddChunkAsync(jobId, pending.Take(half).ToList(), tally, cancellationToken);
                await AddChunkAsync(jobId, pending.Skip(half).ToList(), tally, cancellationToken);
                return;
            }

            await EnsureSuccessAsync(response, $"add {pending.Count} tasks to job {jobId}", cancellationToken);
            var results = (await ReadAsync<BatchTaskAddCollectionResult>(response, cancellationToken)).Value ?? [];
            var byId = results.GroupBy(r => r.TaskId, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

            var resend = new List<BatchTaskCreateContent>();
            var lastErrors = new Dictionary<string, BatchTaskAddResult>(StringComparer.OrdinalIgnoreCase);
            foreach (var task in pending)
            {
                if (!byId.TryGetValue(task.Id, out var result))
                {
                    resend.Add(task); // missing from the answer: safe to resend, ids are deterministic
                    continue;
                }

                switch (result.Status)
                {
                    case BatchTaskAddStatus.Success:
                        tally.Added.Add(task.Id);
                        break;
                    case BatchTaskAddStatus.ClientError when result.Error?.Code == "TaskExists":
                        tally.AlreadyExisted.Add(task.Id);
                        break;
                    case BatchTaskAddStatus.ServerError:
                        resend.Add(task);
                        lastErrors[task.Id] = result;
                        break;
                    default:
                        tally.Failed.Add(new BatchTaskAddFailure(task.Id, result.Status, result.Error));
                        break;
                }
            }

            if (resend.Count == 0)
            {
                return;
            }

            if (round >= _options.MaxTaskResendRounds)
            {
                foreach (var task in resend)
                {
                    var last = lastErrors.GetValueOrDefault(task.Id);
                    tally.Failed.Add(new BatchTaskAddFailure(task.Id, last?.Status ?? BatchTaskAddStatus.ServerError, last?.Error));
                }

                return;
            }

            LogResend(resend.Count, jobId, round + 1);
            await Task.Delay(ResendDelay(round), _options.TimeProvider, cancellationToken);
            pending = resend;
        }
    }

    private TimeSpan ResendDelay(int round)
    {
        var delay = _options.BaseDelay * Math.Pow(2, round);
        return delay > _options.MaxDelay ? _options.MaxDelay : delay;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Resending {Count} tasks of job {JobId} that failed server-side (round {Round})")]
    private partial void LogResend(int count, string jobId, int round);

    private sealed class Tally
    {
        public List<string> Added { get; } = [];

        public List<string> AlreadyExisted { get; } = [];

        public List<BatchTaskAddFailure> Failed { get; } = [];

        public int Requests { get; set; }
    }
}
