using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Clips.Shards;
using VideoSsl.Storage;

namespace VideoSsl.Ingestion;

/// <summary>Packs clips from many videos into shards and commits each video's record only after every shard it uses is written.</summary>
/// <remarks>
/// Order of writes: shard (atomic), then the records of the videos whose clips are all in committed shards.
/// A crash between the two leaves only unreferenced shard bytes; the videos are redone on the next run.
/// </remarks>
public sealed class ShardAssembler(IBlobStore store, DatasetLayout layout, ClipShape shape, long targetBytes, string writerId,
    Func<PendingVideo, IReadOnlyList<ClipLocation>, CancellationToken, Task> onVideoReady)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ShardWriter _writer = new(shape);
    private readonly Dictionary<string, int> _committedCounts = new(StringComparer.Ordinal);
    private readonly List<PendingVideo> _pending = [];
    private int _sequence;
    private string _current = "";

    /// <summary>Shards committed by this assembler.</summary>
    public int ShardsWritten => _committedCounts.Count;

    /// <summary>Adds one clip of a video to the open shard, committing the shard first if it is full.</summary>
    public async Task AddClipAsync(PendingVideo video, byte[] clip, int clipIndex, double startSeconds, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writer.Count > 0 && _writer.Length + 8 + clip.Length > targetBytes)
            {
                await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            if (_writer.Count == 0)
            {
                _current = $"shards/{writerId}-{_sequence++:D5}{ShardFormat.Extension}";
            }
            var index = _writer.Add(clip);
            video.Clips.Add(new PendingClip(clipIndex, startSeconds, _current, index));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Marks a video finished; its record is written as soon as its clips' shards are committed.</summary>
    public async Task CompleteAsync(PendingVideo video, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _pending.Add(video);
            await ReleaseReadyLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Commits the open shard and writes every record that was waiting for it.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FlushLockedAsync(CancellationToken cancellationToken)
    {
        if (_writer.Count > 0)
        {
            await using (var stream = _writer.ToStream())
            {
                await store.WriteAsync(layout.Shard(_current), stream, cancellationToken).ConfigureAwait(false);
            }
            _committedCounts[_current] = _writer.Count;
            _writer.Clear();
        }
        await ReleaseReadyLockedAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReleaseReadyLockedAsync(CancellationToken cancellationToken)
    {
        var ready = _pending.Where(v => v.Clips.All(c => _committedCounts.ContainsKey(c.Shard))).ToList();
        foreach (var video in ready)
        {
            var locations = video.Clips
                .Select(c => new ClipLocation(c.ClipIndex, c.StartSeconds, c.Shard, c.ShardIndex,
                    ShardFormat.HeaderSize + 8L * _committedCounts[c.Shard] + (long)c.ShardIndex * shape.ClipBytes))
                .ToList();
            await onVideoReady(video, locations, cancellationToken).ConfigureAwait(false);
            _pending.Remove(video);
        }
    }
}

/// <summary>A video being ingested: where its clips went so far, and how it ended.</summary>
public sealed class PendingVideo(string videoId, string source)
{
    public string VideoId { get; } = videoId;

    public string Source { get; } = source;

    public string SourceHash { get; set; } = "";

    public string Status { get; set; } = VideoRecord.Ingested;

    public string? Reason { get; set; }

    public string? Label { get; set; }

    public string? Split { get; set; }

    /// <summary>Clips added so far (guarded by the assembler).</summary>
    public List<PendingClip> Clips { get; } = [];
}

/// <summary>A clip placed in a shard whose offset is known once the shard is committed.</summary>
public sealed record PendingClip(int ClipIndex, double StartSeconds, string Shard, int ShardIndex);
