using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Media;
using VideoSsl.Storage;
using VideoSsl.Storage.Claims;

namespace VideoSsl.Ingestion;

/// <summary>Decodes claimed videos, many per ffmpeg process, cuts their frames into clips and hands each finished video to the shard assembler.</summary>
/// <remarks>
/// A group that fails is taken apart until only the bad input fails: the input ffmpeg's messages blame is decoded
/// alone (where it gets its own reason, and keeps the clips decoded before a corrupt stretch) and the rest are grouped
/// again; a failure nobody is blamed for splits the group in halves. Every good input of the group is ingested, with
/// the same clips it gets when decoded alone. The one retry layer is around each ffmpeg launch (a group, or one video),
/// for failures that may pass (a killed ffmpeg).
/// </remarks>
internal sealed class GroupIngester
{
    private readonly IVideoSource _source;
    private readonly IngestOptions _options;
    private readonly ShardAssembler _assembler;
    private readonly ClaimKeeper _claims;
    private readonly IngestRun _run;
    private readonly ILogger _logger;
    private readonly FrameFormat _format;
    private readonly ResiliencePipeline _retry;

    public GroupIngester(IVideoSource source, IngestOptions options, ShardAssembler assembler, ClaimKeeper claims, IngestRun run, ILogger logger)
    {
        (_source, _options, _assembler, _claims, _run, _logger) = (source, options, assembler, claims, run, logger);
        _format = new FrameFormat(options.Spec.FrameRate, options.Spec.Size, options.Spec.Color == ColorMode.Gray);
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TransientMediaException>(),
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                OnRetry = args =>
                {
                    _logger.LogWarning("Retrying after a transient failure: {Reason}", args.Outcome.Exception?.Message);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>
    /// Decodes <paramref name="videos"/> (all claimed by this worker) as one group, isolating any that fail; returns once
    /// ffmpeg is done, with a task that cuts the decoded frames into clips (so the next group can decode meanwhile).
    /// </summary>
    public async Task<Task> IngestAsync(IReadOnlyList<ClaimedVideo> videos, CancellationToken cancellationToken)
    {
        var opened = new OpenVideo?[videos.Count];
        try
        {
            // Downloads (blob sources) overlap; local files open at once.
            await Parallel.ForEachAsync(Enumerable.Range(0, videos.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, ct) => opened[i] = await OpenAsync(videos[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
            return await DecodeAsync([.. opened.OfType<OpenVideo>()], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The cutting reads ffmpeg's outputs, not the sources.
            foreach (var open in opened)
            {
                open?.Local.Dispose();
            }
        }
    }

    private async Task<Task> DecodeAsync(IReadOnlyList<OpenVideo> videos, CancellationToken cancellationToken)
    {
        if (videos.Count <= 1)
        {
            foreach (var video in videos)
            {
                await DecodeAloneAsync(video, cancellationToken).ConfigureAwait(false);
            }
            return Task.CompletedTask;
        }
        int? culprit = null;
        string? culpritReason = null;
        try
        {
            var group = await _retry.ExecuteAsync(
                async ct => await GroupDecoder.DecodeAsync(videos.Select(v => v.Local.File).ToList(), _format, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            if (group.Succeeded)
            {
                _logger.LogDebug("Decoded {Count} videos in one ffmpeg process", videos.Count);
                return CutAllAsync(videos, group, cancellationToken);
            }
            using (group)
            {
                (culprit, culpritReason) = (group.Culprit, group.CulpritReason);
                _logger.LogDebug("A group of {Count} videos failed ({Error}); blamed: {Culprit}", videos.Count, group.Error,
                    culprit is { } c ? videos[c].Video.Item.Path : "none");
            }
        }
        catch (Exception e) when (!StopsTheRun(e))
        {
            // Killed again and again, or the work folder failed (full, too): smaller groups may pass, and single videos need no folder.
            _logger.LogWarning("A group of {Count} videos failed: {Reason}; splitting it", videos.Count, e.Message);
        }
        if (culprit is { } blamed && blamed >= 0 && blamed < videos.Count)
        {
            if (culpritReason is not null)
            {
                await QuarantineAsync(videos[blamed], culpritReason, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DecodeAloneAsync(videos[blamed], cancellationToken).ConfigureAwait(false);
            }
            await await DecodeAsync([.. videos.Where((_, i) => i != blamed)], cancellationToken).ConfigureAwait(false);
            return Task.CompletedTask;
        }
        var half = videos.Count / 2;
        await await DecodeAsync([.. videos.Take(half)], cancellationToken).ConfigureAwait(false);
        await await DecodeAsync([.. videos.Skip(half)], cancellationToken).ConfigureAwait(false);
        return Task.CompletedTask;
    }

    private async Task CutAllAsync(IReadOnlyList<OpenVideo> videos, GroupDecode group, CancellationToken cancellationToken)
    {
        using (group)
        {
            for (var i = 0; i < videos.Count; i++)
            {
                await CutAsync(videos[i], group.Outputs[i], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // One input of a group that succeeded: its raw frames file, cut into clips.
    private async Task CutAsync(OpenVideo video, string output, CancellationToken cancellationToken)
    {
        var clips = NewClips(video, cancellationToken);
        try
        {
            var (_, trailing) = await RawFrames.ReadFileAsync(output, _format.FrameBytes, clips.PushAsync, cancellationToken).ConfigureAwait(false);
            File.Delete(output);
            if (trailing != 0)
            {
                clips.Fail(RawFrames.PartialFrameReason(trailing));
            }
            else
            {
                clips.End();
            }
        }
        catch (Exception e) when (IsInputsFault(e))
        {
            await UnexpectedAsync(video, e, cancellationToken).ConfigureAwait(false);
            return;
        }
        await FinishAsync(clips.Video, cancellationToken).ConfigureAwait(false);
    }

    // One video in its own ffmpeg, frames streamed from its standard output.
    private async Task DecodeAloneAsync(OpenVideo video, CancellationToken cancellationToken)
    {
        try
        {
            await _retry.ExecuteAsync(async ct =>
            {
                var clips = NewClips(video, ct);
                try
                {
                    await FrameDecoder.DecodeAsync(video.Local.File, _format, clips.PushAsync, ct).ConfigureAwait(false);
                    clips.End();
                }
                catch (UnusableVideoException e)
                {
                    clips.Fail(e.Message);
                }
                await FinishAsync(clips.Video, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientMediaException e)
        {
            _run.Refused(video.Video.Item.Path, $"failed after retries: {e.Message}");
            await _claims.ReleaseAsync(video.Video.Id, CancellationToken.None).ConfigureAwait(false);
            _run.Done();
        }
        catch (Exception e) when (IsInputsFault(e))
        {
            await UnexpectedAsync(video, e, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task QuarantineAsync(OpenVideo video, string reason, CancellationToken cancellationToken)
    {
        var pending = NewPending(video);
        (pending.Status, pending.Reason) = (VideoRecord.Quarantined, reason);
        return FinishAsync(pending, cancellationToken);
    }

    // Failures that stop the run and are no input's: cancellation, and the store's (unreachable, or its disk full: the
    // shard assembler then fails every later clip).
    private bool StopsTheRun(Exception e) => e is OperationCanceledException or StoreUnavailableException || _assembler.Failed;

    // What may be an input's own problem, to quarantine it for: not what stops the run, nor a full local disk (a download
    // that found no room), which no input is to blame for either.
    private bool IsInputsFault(Exception e) => !StopsTheRun(e) && !DiskFull.Is(e);

    // Anything unforeseen about one input must not stop the run: quarantine it with the reason.
    private Task UnexpectedAsync(OpenVideo video, Exception e, CancellationToken cancellationToken)
    {
        _logger.LogError(e, "Unexpected failure on {Path}", video.Video.Item.Path);
        return QuarantineAsync(video, $"unexpected error: {e.Message.ReplaceLineEndings(" ")}", cancellationToken);
    }

    private async Task FinishAsync(PendingVideo video, CancellationToken cancellationToken)
    {
        await _assembler.CompleteAsync(video, cancellationToken).ConfigureAwait(false);
        _run.Done();
    }

    private VideoClips NewClips(OpenVideo video, CancellationToken cancellationToken) =>
        new(NewPending(video), _options.Spec, _format.FrameBytes, _assembler, _run, cancellationToken);

    private PendingVideo NewPending(OpenVideo open)
    {
        var video = new PendingVideo(open.Video.Id, open.Video.Item.Path) { SourceHash = open.Local.Sha256 ?? open.Video.Identity };
        if (_options.Labels is { } labels && labels.TryGetValue(open.Video.Item.Path, out var label))
        {
            (video.Label, video.Split) = (label.Label, label.Split);
        }
        return video;
    }

    // A local file for ffmpeg (a download for blob sources); a video that cannot be fetched is quarantined like any other failure.
    private async Task<OpenVideo?> OpenAsync(ClaimedVideo video, CancellationToken cancellationToken)
    {
        try
        {
            return new OpenVideo(video, await _source.OpenLocalAsync(video.Item, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsInputsFault(e))
        {
            _logger.LogError(e, "Unexpected failure on {Path}", video.Item.Path);
            var pending = new PendingVideo(video.Id, video.Item.Path)
            {
                SourceHash = video.Identity, Status = VideoRecord.Quarantined, Reason = $"unexpected error: {e.Message.ReplaceLineEndings(" ")}",
            };
            await FinishAsync(pending, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private sealed record OpenVideo(ClaimedVideo Video, LocalVideo Local);
}
