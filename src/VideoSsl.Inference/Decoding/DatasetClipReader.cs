using System.Threading.Channels;
using VideoSsl.Clips.Datasets;
using VideoSsl.Ingestion;

namespace VideoSsl.Inference.Decoding;

/// <summary>An ingested dataset's clips, one <see cref="DecodedVideo"/> per video (its clips in order), for embedding what ingest already cut.</summary>
/// <remarks>Videos come in the manifest's order of their first clip; the path is the video's source path, partitioned as ingest partitions it. Quarantined videos are not in the manifest.</remarks>
public sealed class DatasetClipReader(ClipDataset dataset, (int Index, int Count) partition)
{
    /// <summary>Starts reading in the background; the channel completes after the last video (or with the failure that stopped it).</summary>
    public ChannelReader<DecodedVideo> Start(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<DecodedVideo>(new BoundedChannelOptions(SourceClipReader.Ahead) { SingleReader = true, SingleWriter = true });
        _ = Task.Run(async () =>
        {
            try
            {
                foreach (var video in dataset.Entries.GroupBy(e => e.VideoId).Where(g => IngestOptions.InPartition(g.First().Source, partition)))
                {
                    var entries = video.OrderBy(e => e.ClipIndex).ToList();
                    var clips = new List<byte[]>();
                    foreach (var entry in entries)
                    {
                        clips.Add(await dataset.ReadClipAsync(entry.Clip, cancellationToken).ConfigureAwait(false));
                    }
                    await channel.Writer.WriteAsync(new DecodedVideo(entries[0].Source, clips, [.. entries.Select(e => e.StartSeconds)], null), cancellationToken).ConfigureAwait(false);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
        return channel.Reader;
    }
}
