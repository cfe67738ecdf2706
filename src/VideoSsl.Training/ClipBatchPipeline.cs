using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using VideoSsl.Clips.Datasets;
using VideoSsl.Clips.Shards;
using VideoSsl.Models;

namespace VideoSsl.Training;

/// <summary>Which objective a batch trains.</summary>
public enum Objective
{
    Masked,
    Future,
}

/// <summary>One micro-batch ready for the training loop: pixels [B][T][S][S][C] and, for the masked objective, its tube mask.</summary>
public sealed record ClipBatch(long Index, byte[] Pixels, int Count, Objective Objective, TubeMask? Mask);

/// <summary>Where the training loop takes its micro-batches from.</summary>
public interface IBatchSource
{
    /// <summary>The next micro-batch; blocks until one is ready.</summary>
    ClipBatch Next(CancellationToken cancellationToken = default);

    /// <summary>Hands a batch back once its pixels have been copied into a tensor, so its buffer can be reused.</summary>
    void Return(ClipBatch batch)
    {
    }
}

/// <summary>What the input pipeline produces: batches (<see cref="InputOptions"/>) for the objectives, of the model's geometry, from the seed (see <see cref="PretrainOptions.Pipeline"/>).</summary>
/// <param name="OnCallerThread">Build each batch on the thread that takes it (the training thread), with no prefetch thread: for a CPU device, whose every core runs a libtorch thread (see <see cref="ClipBatchPipeline"/>).</param>
public sealed record PipelineSettings(InputOptions Input, ObjectiveOptions Objective, VideoModelConfig Model, long Seed, int PrefetchBatches, bool OnCallerThread = false);

/// <summary>Feeds the training loop: shuffles clips across shards, reads and augments them on a background thread, and prefetches batches.</summary>
/// <remarks>
/// Batch n is a pure function of (seed, n): the epoch's shard and clip order, the augmentation, the objective and the
/// mask all come from random streams keyed by the seed and the batch or epoch number. So the pipeline's whole position
/// is one number, and a resumed run sees exactly the batches an uninterrupted run would have. Only byte arrays cross
/// threads; tensors are made by the caller on the training thread.
/// With <see cref="PipelineSettings.OnCallerThread"/> (training on the CPU) there is no prefetch thread: <see cref="Next"/>
/// builds the batch on the calling thread. libtorch keeps a thread busy on every core during a step, and a prefetch
/// thread has to preempt one of them, which stalls the other at the next barrier: on 2 cores each millisecond of the
/// prefetch thread's work cost the step 3–5 ms, and under load far more (bench pretrain-input, README "Benchmarks").
/// Between steps the same work costs its own time. On a GPU the training thread mostly waits, and the prefetch thread
/// does the work beside it.
/// </remarks>
public sealed class ClipBatchPipeline : IBatchSource, IDisposable
{
    private const ulong ShardOrderStream = 1, ClipOrderStream = 2, AugmentStream = 3, ObjectiveStream = 4, MaskStream = 5;

    private readonly ClipDataset _dataset;
    private readonly IReadOnlyList<int> _clips;
    private readonly IReadOnlyList<ManifestEntry> _entries;
    private readonly PipelineSettings _settings;
    private readonly ClipAugmenter _augmenter;
    private readonly Channel<ClipBatch>? _channel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread? _producer;
    private readonly Dictionary<string, ShardReader> _shards = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _shardUse = new();
    private readonly ConcurrentQueue<byte[]> _freeBuffers = new();
    private (long Epoch, int[] Order) _epoch = (-1, []);
    private long _next;

    /// <param name="firstBatch">The index of the first batch to produce (micro-batches consumed so far, when resuming).</param>
    /// <param name="clips">The dataset's clips to train on (indices into its entries, e.g. <see cref="HoldOut.Training"/>); null takes every clip.</param>
    public ClipBatchPipeline(ClipDataset dataset, PipelineSettings settings, long firstBatch, IReadOnlyList<int>? clips = null)
    {
        _dataset = dataset;
        _clips = clips ?? [.. Enumerable.Range(0, dataset.Count)];
        _entries = [.. _clips.Select(i => dataset.Entries[i])];
        _settings = settings;
        BatchesPerEpoch = _clips.Count / settings.Input.BatchSize;
        if (BatchesPerEpoch == 0)
        {
            throw new InvalidOperationException($"Dataset '{dataset.Info.Name}' has {_clips.Count} clips to train on, fewer than one batch of {settings.Input.BatchSize}; lower --batch-size or ingest more.");
        }
        if (dataset.Shape.Frames < settings.Model.Frames)
        {
            throw new InvalidOperationException($"Dataset '{dataset.Info.Name}' has {dataset.Shape.Frames}-frame clips; the model needs {settings.Model.Frames}.");
        }
        _augmenter = new ClipAugmenter(dataset.Shape, settings.Model.Frames, settings.Model.ImageSize, settings.Input.Augment, settings.Input.CropScaleMin, settings.Input.FlipProbability);
        _next = firstBatch;
        if (settings.OnCallerThread)
        {
            return;
        }
        _channel = Channel.CreateBounded<ClipBatch>(new BoundedChannelOptions(settings.PrefetchBatches) { SingleReader = true, SingleWriter = true });
        _producer = new Thread(() => Produce(firstBatch, _stop.Token)) { IsBackground = true, Name = "videossl-prefetch" };
        _producer.Start();
    }

    /// <summary>Whole batches per pass over the data (the last partial batch of an epoch is dropped).</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The pipeline's CPU time by stage and the loop's waits, for benchmarks.</summary>
    public PipelineProfile Profile { get; } = new();

    /// <summary>Blocks until the next batch is ready (builds it, on the caller's thread); rethrows a failure of the background reader.</summary>
    public ClipBatch Next(CancellationToken cancellationToken = default)
    {
        if (_channel is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Build(_next++, cancellationToken);
        }
        if (_channel.Reader.TryRead(out var ready))
        {
            return ready;
        }
        var waitedFrom = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return _channel.Reader.ReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException closed) when (closed.InnerException is { } failure)
        {
            // The reader thread stopped on an error (a corrupt or missing shard): that error, not the channel's, says what is wrong.
            ExceptionDispatchInfo.Throw(failure);
            throw;
        }
        finally
        {
            Profile.Waited(System.Diagnostics.Stopwatch.GetTimestamp() - waitedFrom);
        }
    }

    // Batch `index`, built from scratch on the producer thread, or the caller's when there is none: one thread only
    // touches the shard and epoch caches. Shard reads block that thread rather than continue elsewhere, so all of the
    // work keeps its lowered priority.
    private ClipBatch Build(long index, CancellationToken cancellationToken)
    {
        var epoch = index / BatchesPerEpoch;
        var order = EpochOrder(epoch);
        var start = (int)(index % BatchesPerEpoch) * _settings.Input.BatchSize;
        // Batch buffers (a few MiB each, on the large-object heap) are recycled: allocating one per step leaves the GC
        // holding hundreds of MiB of freed large objects, and resident memory then swings by that much over a run.
        var size = _settings.Input.BatchSize * _augmenter.OutputBytes;
        var pixels = _freeBuffers.TryDequeue(out var free) ? free : new byte[size];
        var augmentRng = DeterministicRng.For(_settings.Seed, AugmentStream, index);
        long shardNs = 0, verifyNs = 0, augmentNs = 0, now = PipelineProfile.ThreadCpuNs();
        for (var i = 0; i < _settings.Input.BatchSize; i++)
        {
            var entry = _entries[order[start + i]];
            var readFrom = System.Diagnostics.Stopwatch.GetTimestamp();
            var shard = ShardAsync(entry.Shard, cancellationToken).GetAwaiter().GetResult();
            shardNs += (System.Diagnostics.Stopwatch.GetTimestamp() - readFrom) * 1_000_000_000 / System.Diagnostics.Stopwatch.Frequency;
            Lap(ref now); // a read's work is on the thread pool's threads: its wall time, not this thread's CPU, is what it costs the producer
            var clip = shard.GetClip(entry.ShardIndex).Span;
            verifyNs += Lap(ref now);
            _augmenter.Apply(clip, pixels.AsSpan(i * _augmenter.OutputBytes, _augmenter.OutputBytes), augmentRng);
            augmentNs += Lap(ref now);
        }
        var objective = DeterministicRng.For(_settings.Seed, ObjectiveStream, index).NextDouble() < _settings.Objective.FutureRatio ? Objective.Future : Objective.Masked;
        var mask = objective == Objective.Masked
            ? TubeMask.Sample(_settings.Model, _settings.Input.BatchSize, _settings.Objective.MaskRatio, DeterministicRng.For(_settings.Seed, MaskStream, index))
            : null;
        Profile.Produced(shardNs, verifyNs, augmentNs, Lap(ref now));
        return new ClipBatch(index, pixels, _settings.Input.BatchSize, objective, mask);

        static long Lap(ref long from)
        {
            var to = PipelineProfile.ThreadCpuNs();
            var lap = to - from;
            from = to;
            return lap;
        }
    }

    /// <summary>Takes back the buffer of a batch this pipeline made; every pixel of it is overwritten before it is used again.</summary>
    public void Return(ClipBatch batch)
    {
        if (batch.Pixels.Length == _settings.Input.BatchSize * _augmenter.OutputBytes && _freeBuffers.Count < _settings.PrefetchBatches + 2)
        {
            _freeBuffers.Enqueue(batch.Pixels);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer?.Join(TimeSpan.FromSeconds(10));
        }
        catch (ThreadStateException)
        {
        }
        _stop.Dispose();
    }

    private void Produce(long first, CancellationToken cancellationToken)
    {
        PrefetchPriority.LowerCurrentThread();
        try
        {
            for (var index = first; !cancellationToken.IsCancellationRequested; index++)
            {
                var batch = Build(index, cancellationToken);
                _channel!.Writer.WriteAsync(batch, cancellationToken).AsTask().GetAwaiter().GetResult();
            }
            _channel!.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _channel!.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _channel!.Writer.TryComplete(e);
        }
    }

    private int[] EpochOrder(long epoch)
    {
        if (_epoch.Epoch != epoch)
        {
            _epoch = (epoch, PlanEpoch(_entries, _settings.Seed, epoch, _settings.Input.ShuffleShards));
        }
        return _epoch.Order;
    }

    /// <summary>
    /// The clip order of one epoch: shards shuffled, then the clips of each window of <paramref name="shuffleShards"/>
    /// shards shuffled together, so the reader holds only a few shards at a time while clips still mix across shards.
    /// </summary>
    public static int[] PlanEpoch(IReadOnlyList<ManifestEntry> entries, long seed, long epoch, int shuffleShards)
    {
        var shards = entries.Select(e => e.Shard).Distinct(StringComparer.Ordinal).ToList();
        DeterministicRng.For(seed, ShardOrderStream, epoch).Shuffle(shards);
        var byShard = entries.Select((e, i) => (e.Shard, i)).ToLookup(p => p.Shard, p => p.i, StringComparer.Ordinal);
        var order = new List<int>(entries.Count);
        for (var w = 0; w < shards.Count; w += shuffleShards)
        {
            var window = shards.Skip(w).Take(shuffleShards).SelectMany(s => byShard[s]).ToList();
            DeterministicRng.For(seed, ClipOrderStream, (epoch * 1_000_003) + w).Shuffle(window);
            order.AddRange(window);
        }
        return [.. order];
    }

    private async Task<ShardReader> ShardAsync(string shard, CancellationToken cancellationToken)
    {
        if (_shards.TryGetValue(shard, out var reader))
        {
            _shardUse.Remove(shard);
            _shardUse.AddFirst(shard);
            return reader;
        }
        reader = await _dataset.ReadShardAsync(shard, cancellationToken).ConfigureAwait(false);
        _shards[shard] = reader;
        _shardUse.AddFirst(shard);
        var evicted = false;
        while (_shardUse.Count > _settings.Input.ShuffleShards + 1)
        {
            _shards.Remove(_shardUse.Last!.Value);
            _shardUse.RemoveLast();
            evicted = true;
        }
        if (evicted)
        {
            // An evicted shard is one large array on the large-object heap, freed only by a full collection; without
            // one, dozens pile up over a long run and RSS swings by gigabytes. A background collection per eviction
            // (a few per epoch) keeps resident memory flat at no measurable cost to training.
            GC.Collect(2, GCCollectionMode.Forced, blocking: false);
        }
        return reader;
    }
}
