using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Clips.Shards;
using VideoSsl.Storage;

namespace VideoSsl.Ingestion;

/// <summary>Packs clips from many videos into shards and commits each video's record only after every shard it uses is written.</summary>
/// <remarks>
/// Order of writes: shard (atomic), then the records of the videos whose clips are all in written shards.
/// A crash between the two leaves only unreferenced shard bytes; the videos are redone on the next run.
/// Clips are packed in memory under a short lock; full shards are written, and ready records committed (several at
/// once: each is a small conditional create), one step after another in the background, so decoders do not wait on
/// the store unless it falls more than <see cref="MaxUnwrittenShards"/> shard behind. A failed write fails every
/// later call, so the run stops with the store's error instead of recording videos whose clips were lost.
/// </remarks>
public sealed class ShardAssembler(IBlobStore store, DatasetLayout layout, ClipShape shape, long targetBytes, string writerId,
    Func<PendingVideo, IReadOnlyList<ClipLocation>, CancellationToken, Task> onVideoReady) : IAsyncDisposable
{
    private const int MaxUnwrittenShards = 1;
    private const int CommitParallelism = 16;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _writtenCounts = new(StringComparer.Ordinal);
    private readonly List<PendingVideo> _pending = [];
    private readonly Queue<Task> _unwritten = new();
    private ShardWriter _writer = new(shape);
    private Task _tail = Task.CompletedTask;
    private int _sequence;
    private string _current = "";

    /// <summary>Shards written by this assembler.</summary>
    public int ShardsWritten
    {
        get
        {
            lock (_lock)
            {
                return _writtenCounts.Count;
            }
        }
    }

    /// <summary>True once a shard or record write has failed: every later call fails with that error, which is no video's fault.</summary>
    public bool Failed => _tail.IsFaulted;

    /// <summary>Adds one clip of a video to the open shard, sealing the shard first if it is full.</summary>
    public async Task AddClipAsync(PendingVideo video, ReadOnlyMemory<byte> clip, int clipIndex, double startSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(video);
        Task? behind = null;
        lock (_lock)
        {
            ThrowIfFailed();
            if (_writer.Count > 0 && _writer.Length + 8 + clip.Length > targetBytes)
            {
                behind = SealLocked();
            }
            if (_writer.Count == 0)
            {
                _current = $"shards/{writerId}-{_sequence++:D5}{ShardFormat.Extension}";
            }
            var index = _writer.Add(clip.Span);
            video.Clips.Add(new PendingClip(clipIndex, startSeconds, _current, index));
        }
        if (behind is not null)
        {
            // The store is still writing the shard before this one: wait for it rather than hold ever more clips in memory.
            await behind.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Marks a video finished; its record is written as soon as its clips' shards are.</summary>
    public Task CompleteAsync(PendingVideo video, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfFailed();
            _pending.Add(video);
            if (IsReadyLocked(video))
            {
                ChainLocked(CommitReadyAsync);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Closes the open shard now (if it has clips) and writes it in the background, so its videos get recorded without waiting for the shard to fill.</summary>
    /// <remarks>For a decoder that has run out of work: the others' last clips then fill a small final shard.</remarks>
    public void Seal()
    {
        lock (_lock)
        {
            ThrowIfFailed();
            if (_writer.Count > 0)
            {
                SealLocked();
            }
        }
    }

    /// <summary>Writes the open shard and every record that was waiting for it; returns when all of that is in the store.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Task tail;
        lock (_lock)
        {
            if (_writer.Count > 0)
            {
                SealLocked();
            }
            else
            {
                ChainLocked(CommitReadyAsync);
            }
            tail = _tail;
        }
        await tail.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops any write still running (after <see cref="FlushAsync"/> there is none).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _tail.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported by the call that saw it.
        }
        _stop.Dispose();
    }

    // Hands the open shard to the background writer; returns a write to wait for when too many are queued.
    private Task? SealLocked()
    {
        var (name, writer) = (_current, _writer);
        _writer = new ShardWriter(shape);
        ChainLocked(async () =>
        {
            await using (var stream = writer.ToStream())
            {
                await store.WriteAsync(layout.Shard(name), stream, _stop.Token).ConfigureAwait(false);
            }
            lock (_lock)
            {
                _writtenCounts[name] = writer.Count;
            }
            await CommitReadyAsync().ConfigureAwait(false);
        });
        _unwritten.Enqueue(_tail);
        while (_unwritten.Count > 0 && _unwritten.Peek().IsCompleted)
        {
            _unwritten.Dequeue();
        }
        return _unwritten.Count > MaxUnwrittenShards ? _unwritten.Peek() : null;
    }

    private void ChainLocked(Func<Task> step) => _tail = RunAfterAsync(_tail, step);

    private static async Task RunAfterAsync(Task previous, Func<Task> step)
    {
        await previous.ConfigureAwait(false);
        await step().ConfigureAwait(false);
    }

    private async Task CommitReadyAsync()
    {
        List<(PendingVideo Video, List<ClipLocation> Clips)> ready;
        lock (_lock)
        {
            ready = _pending.Where(IsReadyLocked).Select(v => (v, v.Clips
                .Select(c => new ClipLocation(c.ClipIndex, c.StartSeconds, c.Shard, c.ShardIndex,
                    ShardFormat.HeaderSize + 8L * _writtenCounts[c.Shard] + (long)c.ShardIndex * shape.ClipBytes))
                .ToList())).ToList();
            var taken = ready.Select(r => r.Video).ToHashSet(ReferenceEqualityComparer.Instance);
            _pending.RemoveAll(taken.Contains);
        }
        await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = CommitParallelism, CancellationToken = _stop.Token },
            async (entry, ct) => await onVideoReady(entry.Video, entry.Clips, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private bool IsReadyLocked(PendingVideo video) => video.Clips.All(c => _writtenCounts.ContainsKey(c.Shard));

    private void ThrowIfFailed()
    {
        if (_tail.IsFaulted)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_tail.Exception!.GetBaseException());
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

/// <summary>A clip placed in a shard whose offset is known once the shard is written.</summary>
public sealed record PendingClip(int ClipIndex, double StartSeconds, string Shard, int ShardIndex);
