using Microsoft.Extensions.Logging;
using VideoSsl.Clips.Datasets;
using VideoSsl.Storage;
using VideoSsl.Storage.Claims;

namespace VideoSsl.Ingestion;

/// <summary>Writes a finished video's record once its clips' shards are committed, then gives up its claim.</summary>
/// <remarks>The record is created only if absent, so a video lands in the manifest exactly once whichever worker gets there first.</remarks>
internal sealed class VideoCommitter(IBlobStore store, DatasetLayout layout, ClaimKeeper claims, IngestRun run, ILogger logger)
{
    /// <summary>Records <paramref name="video"/> with its clip locations (the shard assembler's callback).</summary>
    public async Task CommitAsync(PendingVideo video, IReadOnlyList<ClipLocation> clips, CancellationToken cancellationToken)
    {
        var record = new VideoRecord(video.VideoId, video.Source, video.SourceHash, video.Status, video.Reason, clips, video.Label, video.Split);
        var created = await store.TryCreateJsonAsync(layout.Video(video.VideoId), record, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            run.AddNewClips(clips.Count);
            run.Record(video.Source, record, isNew: true);
            if (record.Status == VideoRecord.Quarantined)
            {
                logger.LogWarning("quarantined {Path}: {Reason}", video.Source, record.Reason);
            }
            else
            {
                logger.LogDebug("ingested {Path}: {Clips} clips", video.Source, clips.Count);
            }
        }
        else
        {
            // Our claim expired and another worker finished the video first; its record stands, ours is dropped.
            var winner = await store.ReadJsonOrDefaultAsync<VideoRecord>(layout.Video(video.VideoId), cancellationToken).ConfigureAwait(false);
            run.Record(video.Source, winner ?? record, isNew: false);
        }
        await claims.ReleaseAsync(video.VideoId, cancellationToken).ConfigureAwait(false);
    }
}
