using VideoSsl.Clips.Datasets;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Storage;
using VideoSsl.Storage.Claims;

namespace VideoSsl.Ingestion;

/// <summary>Decides for each input, before any decoding, whether it is already done, refused, held by another worker, or now claimed by this one.</summary>
internal sealed class InputScreen(
    IBlobStore store, IVideoSource source, IngestOptions options, DatasetLayout layout,
    IReadOnlyDictionary<string, VideoRecord> existing, ClaimKeeper claims, IngestRun run)
{
    /// <summary>What became of an input: <see cref="Verdict.Done"/> (its outcome is recorded), claimed, or held elsewhere.</summary>
    public enum Verdict
    {
        Done,
        Claimed,
        HeldElsewhere,
    }

    /// <summary>Screens one input; a claimed or held one comes back with its video id.</summary>
    public async Task<(Verdict Verdict, ClaimedVideo? Video)> ScreenAsync(SourceItem item, CancellationToken cancellationToken)
    {
        if (item.UnsafeReason is not null)
        {
            await RecordUnsafeAsync(item, cancellationToken).ConfigureAwait(false);
            return (Verdict.Done, null);
        }
        string id, identity;
        try
        {
            identity = await source.IdentifyAsync(item, cancellationToken).ConfigureAwait(false);
            id = VideoId.For(item.Path, identity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An input we cannot even read: report it, but record nothing, so a later run tries again.
            run.Refused(item.Path, $"cannot read: {e.Message}");
            return (Verdict.Done, null);
        }
        var video = new ClaimedVideo(item, id, identity);
        if (existing.TryGetValue(id, out var done))
        {
            await RelabelAsync(item, done, cancellationToken).ConfigureAwait(false);
            run.Record(item.Path, done, isNew: false);
            return (Verdict.Done, null);
        }
        if (!await claims.TryAcquireAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return (Verdict.HeldElsewhere, video);
        }
        if (await FinishedElsewhereAsync(video, cancellationToken).ConfigureAwait(false))
        {
            await claims.ReleaseAsync(id, cancellationToken).ConfigureAwait(false);
            return (Verdict.Done, null);
        }
        return (Verdict.Claimed, video);
    }

    /// <summary>True (and the outcome recorded) when another worker has written the video's record.</summary>
    public async Task<bool> FinishedElsewhereAsync(ClaimedVideo video, CancellationToken cancellationToken)
    {
        var record = await store.ReadJsonOrDefaultAsync<VideoRecord>(layout.Video(video.Id), cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return false;
        }
        run.Record(video.Item.Path, record, isNew: false);
        return true;
    }

    private async Task RecordUnsafeAsync(SourceItem item, CancellationToken cancellationToken)
    {
        var unsafeId = VideoId.For(item.Path, "unsafe");
        if (existing.TryGetValue(unsafeId, out var earlier))
        {
            run.Record(item.Path, earlier, isNew: false);
            return;
        }
        var record = new VideoRecord(unsafeId, BlobPath.Printable(item.Path), "", VideoRecord.Quarantined, item.UnsafeReason, []);
        var created = await store.TryCreateJsonAsync(layout.Video(unsafeId), record, cancellationToken).ConfigureAwait(false);
        run.Record(item.Path, record, isNew: created);
    }

    // Labels are metadata: a finished video whose annotation changed (or was added) gets its record updated, not re-decoded.
    private async Task RelabelAsync(SourceItem item, VideoRecord done, CancellationToken cancellationToken)
    {
        if (options.Labels is not { } labels || !labels.TryGetValue(item.Path, out var label)
            || (done.Label == label.Label && done.Split == label.Split))
        {
            return;
        }
        await store.WriteJsonAsync(layout.Video(done.VideoId), done with { Label = label.Label, Split = label.Split }, cancellationToken).ConfigureAwait(false);
        run.Relabeled();
    }
}

/// <summary>An input this worker has claimed (or found held elsewhere): its source item, video id and content identity.</summary>
internal sealed record ClaimedVideo(SourceItem Item, string Id, string Identity);
