using System.Collections.Concurrent;
using VideoSsl.Models;
using VideoSsl.Synth.Idx;
using VideoSsl.Synth.MovingDigits;

namespace VideoSsl.Training;

/// <summary>
/// Feeds pretraining with Moving MNIST sequences generated on the fly from the training digits (OpenSTL's training
/// protocol): every batch holds new sequences, so no two epochs see the same ones. No augmentation.
/// </summary>
/// <remarks>
/// Batch n is a pure function of (seed, n), as in <see cref="ClipBatchPipeline"/>: its sequences, objective and mask come
/// from streams keyed by the seed and n, so a resumed run sees exactly the batches of an uninterrupted one. Drawing a
/// batch of 16 sequences takes about a millisecond, so they are drawn on the training thread when asked for.
/// </remarks>
public sealed class MovingMnistBatchSource : IBatchSource, IDisposable
{
    /// <summary>What <see cref="PretrainOptions.Generate"/> names this source.</summary>
    public const string Name = "moving-mnist";

    private const int TrainStream = 101, ValidationStream = 102;
    private const ulong ObjectiveStream = 104, MaskStream = 105;

    private readonly IdxImages? _digits;
    private readonly PipelineSettings _settings;
    private readonly ConcurrentQueue<byte[]> _free = new();
    private long _next;

    /// <param name="digits">Training digits; null draws procedural glyphs.</param>
    /// <param name="firstBatch">The index of the first batch to produce (micro-batches consumed so far, when resuming).</param>
    /// <exception cref="InvalidOperationException">The model does not take 20 gray 64×64 frames.</exception>
    public MovingMnistBatchSource(IdxImages? digits, PipelineSettings settings, long firstBatch)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CheckModel(settings.Model);
        _digits = digits;
        _settings = settings;
        _next = firstBatch;
    }

    /// <summary>Micro-batches that make one OpenSTL epoch (10 000 sequences).</summary>
    public int BatchesPerEpoch => MovingMnist.SequencesPerEpoch / _settings.Input.BatchSize;

    /// <summary>Generates the next batch.</summary>
    public ClipBatch Next(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = _next++;
        var size = _settings.Input.BatchSize;
        var pixels = _free.TryDequeue(out var free) ? free : new byte[size * MovingMnist.SequenceBytes];
        var seed = MovingMnist.Seed(_settings.Seed, TrainStream, index);
        for (var i = 0; i < size; i++)
        {
            MovingMnist.Render(seed, i, _digits, pixels.AsSpan(i * MovingMnist.SequenceBytes, MovingMnist.SequenceBytes));
        }
        var objective = DeterministicRng.For(_settings.Seed, ObjectiveStream, index).NextDouble() < _settings.Objective.FutureRatio ? Objective.Future : Objective.Masked;
        var mask = objective == Objective.Masked
            ? TubeMask.Sample(_settings.Model, size, _settings.Objective.MaskRatio, DeterministicRng.For(_settings.Seed, MaskStream, index))
            : null;
        return new ClipBatch(index, pixels, size, objective, mask);
    }

    /// <summary>Takes back a batch's buffer for the next batch (every byte is redrawn).</summary>
    public void Return(ClipBatch batch)
    {
        if (batch.Pixels.Length == _settings.Input.BatchSize * MovingMnist.SequenceBytes && _free.Count < 4)
        {
            _free.Enqueue(batch.Pixels);
        }
    }

    /// <summary>Nothing to release: no thread, no files.</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// <paramref name="count"/> sequences of the training digits from a stream no training batch draws from: the
    /// validation clips of a generated run, and the clips the mean-frame baseline is averaged over.
    /// </summary>
    public static IReadOnlyList<byte[]> HeldOutSequences(IdxImages? digits, long seed, int count)
    {
        var seedOfSet = MovingMnist.Seed(seed, ValidationStream, 0);
        var clips = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var clip = new byte[MovingMnist.SequenceBytes];
            MovingMnist.Render(seedOfSet, i, digits, clip);
            clips.Add(clip);
        }
        return clips;
    }

    /// <summary>Throws unless <paramref name="model"/> takes the protocol's 20 gray 64×64 frames.</summary>
    public static void CheckModel(VideoModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Frames != MovingMnist.Frames || model.ImageSize != MovingMnist.Size || model.Channels != 1)
        {
            throw new InvalidOperationException(
                $"Moving MNIST sequences are {MovingMnist.Frames}x{MovingMnist.Size}x{MovingMnist.Size}x1 (frames x height x width x channels); the model takes {model.Frames}x{model.ImageSize}x{model.ImageSize}x{model.Channels}: leave --frames and --image-size unset.");
        }
    }
}
