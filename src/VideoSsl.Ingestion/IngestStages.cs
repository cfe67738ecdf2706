using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using VideoSsl.Ingestion.Sources;

namespace VideoSsl.Ingestion;

/// <summary>The stages of one ingestion run: screen and claim inputs, decode the claimed ones in groups, then wait for the videos other workers held.</summary>
internal sealed class IngestStages(IngestOptions options, GroupPlan plan, InputScreen screen, GroupIngester ingester, ShardAssembler assembler,
    IngestRun run, TimeProvider time)
{
    /// <summary>Screens inputs into a short queue of claimed videos that the decoders group; returns the videos other workers held.</summary>
    public async Task<List<ClaimedVideo>> ScreenAndDecodeAsync(IEnumerable<SourceItem> items, CancellationToken cancellationToken)
    {
        var deferred = new ConcurrentQueue<ClaimedVideo>();
        // Claims are taken about one group per decoder ahead of the decoders, so a worker never sits on videos another could decode.
        var claimed = Channel.CreateBounded<ClaimedVideo>(new BoundedChannelOptions(plan.MaxInputs * options.Workers) { SingleReader = false, SingleWriter = false });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task Guard(Func<Task> stage)
        {
            try
            {
                await stage().ConfigureAwait(false);
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
        var screening = Guard(async () =>
        {
            try
            {
                // Screening is mostly waiting on the store (claim, record check), so it runs wider than decoding.
                await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 4 * options.Workers, CancellationToken = stop.Token }, async (item, ct) =>
                {
                    var (verdict, video) = await screen.ScreenAsync(item, ct).ConfigureAwait(false);
                    if (verdict == InputScreen.Verdict.Claimed)
                    {
                        await claimed.Writer.WriteAsync(video!, ct).ConfigureAwait(false);
                    }
                    else if (verdict == InputScreen.Verdict.HeldElsewhere)
                    {
                        deferred.Enqueue(video!);
                    }
                    else
                    {
                        run.Done();
                    }
                }).ConfigureAwait(false);
            }
            finally
            {
                claimed.Writer.TryComplete();
            }
        });
        var decoding = Enumerable.Range(0, options.Workers).Select(_ => Guard(() => DecodeAllAsync(claimed.Reader, stop.Token)));
        Task[] stages = [screening, .. decoding];
        try
        {
            await Task.WhenAll(stages).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A stage that failed cancelled the others: its own exception is the one to report.
            var failure = stages.Where(s => s.IsFaulted).SelectMany(s => s.Exception!.InnerExceptions).FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
            throw;
        }
        return [.. deferred];
    }

    // One decoder: groups as claimed videos arrive; a group's clips are cut while the next group decodes.
    private async Task DecodeAllAsync(ChannelReader<ClaimedVideo> claimed, CancellationToken cancellationToken)
    {
        var groups = new GroupBuilder(plan);
        var cutting = Task.CompletedTask;
        try
        {
            while (await claimed.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (claimed.TryRead(out var video))
                {
                    if (groups.Add(video) is { } ready)
                    {
                        cutting = await ThenAsync(cutting, await ingester.IngestAsync(ready, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                    }
                }
            }
            if (groups.Drain() is { } rest)
            {
                cutting = await ThenAsync(cutting, await ingester.IngestAsync(rest, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }
        catch
        {
            // Never leave cutting running behind a failure; the failure that stopped the loop is the one reported.
            await SettleAsync(cutting).ConfigureAwait(false);
            throw;
        }
        await cutting.ConfigureAwait(false);
        // Out of work: what is decoded gets written and recorded while the other decoders finish their last groups,
        // instead of all at the end.
        assembler.Seal();
    }

    // Waits for the previous group's cutting, then hands over the next one's.
    private static async Task<Task> ThenAsync(Task previous, Task next)
    {
        try
        {
            await previous.ConfigureAwait(false);
        }
        catch
        {
            await SettleAsync(next).ConfigureAwait(false);
            throw;
        }
        return next;
    }

    private static async Task SettleAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            // Reported elsewhere, or a consequence of what is.
        }
    }

    /// <summary>Videos another live worker was holding: waits until it records them, or its claim expires and this worker takes over.</summary>
    public async Task WaitForOthersAsync(List<ClaimedVideo> waiting, CancellationToken cancellationToken)
    {
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(options.ClaimTimeToLive.TotalMilliseconds / 6, 100, 5000));
        while (waiting.Count > 0)
        {
            var unfinished = new List<ClaimedVideo>();
            foreach (var video in waiting)
            {
                if (await screen.FinishedElsewhereAsync(video, cancellationToken).ConfigureAwait(false))
                {
                    run.Done();
                }
                else
                {
                    unfinished.Add(video);
                }
            }
            if (unfinished.Count == 0)
            {
                break;
            }
            await Task.Delay(poll, time, cancellationToken).ConfigureAwait(false);
            waiting = [];
            var groups = new GroupBuilder(plan);
            foreach (var video in unfinished)
            {
                var (verdict, again) = await screen.ScreenAsync(video.Item, cancellationToken).ConfigureAwait(false);
                if (verdict == InputScreen.Verdict.HeldElsewhere)
                {
                    waiting.Add(again!);
                }
                else if (verdict == InputScreen.Verdict.Done)
                {
                    run.Done();
                }
                else if (groups.Add(again!) is { } ready)
                {
                    await await ingester.IngestAsync(ready, cancellationToken).ConfigureAwait(false);
                }
            }
            if (groups.Drain() is { } rest)
            {
                await await ingester.IngestAsync(rest, cancellationToken).ConfigureAwait(false);
            }
            await assembler.FlushAsync(cancellationToken).ConfigureAwait(false);
            run.Report();
        }
    }
}
