using TorchSharp;
using TorchSharp.Modules;
using VideoSsl.Clips;
using VideoSsl.Models;
using VideoSsl.Training.Optimization;
using static TorchSharp.torch;

namespace VideoSsl.Training.Supervised;

/// <summary>Fine-tunes an encoder with a linear head end to end on a small labeled clip set, and scores clips with the result.</summary>
/// <remarks>
/// A synchronous loop on the calling thread: every tensor is made and freed there, one dispose scope per step, and the
/// loss is read back only at log steps. The classifier lives on the encoder's device and takes the encoder over: it is
/// trained in place, and disposing the classifier disposes it.
/// </remarks>
public static class FineTuner
{
    private const ulong OrderStream = 11, AugmentStream = 12;

    /// <summary>Trains a <see cref="VideoClassifier"/> on <paramref name="encoder"/> (pretrained or freshly initialised) for <see cref="FineTuneOptions.Steps"/> steps.</summary>
    /// <param name="trainClips">uint8 clips [T][H][W][C] as <paramref name="shape"/> says; at least the model's frame count.</param>
    /// <param name="labels">Class of each clip, in [0, <paramref name="classes"/>).</param>
    /// <param name="progress">Called on this thread at log steps.</param>
    /// <returns>The classifier, in eval mode.</returns>
    /// <param name="head">LP-FT: a probe fitted on this encoder's features of <paramref name="trainClips"/>; the classifier
    /// starts from it (standardization and weights). Without one the standardization comes from those features and the head starts random.</param>
    /// <param name="validation">Held-out labeled clips scored every <see cref="FineTuneOptions.ValidateEvery"/> steps and at the last, for the training curves; never used to choose anything.</param>
    public static VideoClassifier Train(
        VideoEncoder encoder, IReadOnlyList<byte[]> trainClips, ClipShape shape, int[] labels, int classes, FineTuneOptions options,
        LinearProbe? head = null, LabeledClipSet? validation = null, Action<FineTuneStep>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid fine-tune options: " + string.Join("; ", problems), nameof(options));
        }
        if (trainClips.Count == 0 || labels.Length != trainClips.Count)
        {
            throw new ArgumentException($"{trainClips.Count} clips and {labels.Length} labels: need one label per clip and at least one clip.", nameof(labels));
        }
        if (classes < 2 || labels.Any(l => l < 0 || l >= classes))
        {
            throw new ArgumentException($"Labels must lie in [0, {classes}) with at least 2 classes.", nameof(labels));
        }
        ModelInput.CheckClips(trainClips, shape);
        var config = encoder.Config;
        // Each step shows one view per clip (a random window of the encoder's view length when augmenting), the form
        // the encoder was pretrained on; scoring averages every view of a clip.
        var augmenter = ModelInput.Augmenter(shape, config, encoder.ViewFrames, options.Augment, options.CropScaleMin, options.FlipProbability);
        var device = ModelInput.DeviceOf(encoder);

        var classifier = NewClassifier(encoder, classes, options.Seed, device);
        if (head is not null)
        {
            classifier.InitializeHead(head.Mean, head.InverseStd, head.Weight, head.Bias);
        }
        else
        {
            var (mean, inverseStd) = LinearProbe.Standardizer([.. FeatureExtractor.Extract(encoder, trainClips, shape, device)], encoder.FeatureDim, 1e-6);
            classifier.InitializeHead(mean, inverseStd);
        }
        using var optimizer = ScheduledAdamW.Create(ParameterGroups(classifier, options.LayerDecay), options.Optimizer, options.Steps);
        var order = new EpochOrder(trainClips.Count, options.Seed);
        classifier.train();
        for (var step = 1; step <= options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lr = optimizer.Schedule(step);
            var batch = order.Batch(step - 1, options.BatchSize);
            var pixels = ModelInput.Pixels(trainClips, batch, augmenter, DeterministicRng.For(options.Seed, AugmentStream, step));
            var batchLabels = batch.Select(i => (long)labels[i]).ToArray();

            using var scope = NewDisposeScope();
            optimizer.Optimizer.zero_grad();
            var logits = classifier.call(ModelInput.Video(pixels, batch.Count, encoder.ViewFrames, config, device)); // (B, classes)
            var loss = CrossEntropy(logits, tensor(batchLabels, device: device), options.LabelSmoothing);
            loss.backward();
            if (options.Optimizer.ClipGradNorm > 0)
            {
                nn.utils.clip_grad_norm_(classifier.parameters().Where(p => p.requires_grad), options.Optimizer.ClipGradNorm);
            }
            optimizer.Optimizer.step();
            var validate = validation is { Clips.Count: > 0 } && (step % options.ValidateEvery == 0 || step == options.Steps);
            if (progress is not null && (step % options.LogEvery == 0 || step == options.Steps || validate))
            {
                // A host–device sync: only at log and validation steps.
                double? validationTop1 = validate ? Accuracy(Predict(classifier, validation!.Clips, shape), validation.Labels) : null;
                progress(new FineTuneStep(step, options.Steps, loss.item<float>(), lr, validationTop1));
                classifier.train();
            }
        }
        classifier.eval();
        return classifier;
    }

    /// <summary>Class logits (N rows of classes) for <paramref name="clips"/>, in eval mode without gradients; clips are prepared as in <see cref="FeatureExtractor"/>.</summary>
    public static float[][] Predict(VideoClassifier classifier, IReadOnlyList<byte[]> clips, ClipShape shape, int batchSize = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var config = classifier.Encoder.Config;
        var frames = classifier.Encoder.FeatureFrames(shape.Frames);
        var augmenter = ModelInput.Augmenter(shape, config, frames);
        ModelInput.CheckClips(clips, shape);
        var device = ModelInput.DeviceOf(classifier);
        var logits = new float[clips.Count][];
        classifier.eval();
        using var _ = no_grad();
        for (var start = 0; start < clips.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, clips.Count - start);
            var pixels = ModelInput.Pixels(clips, ModelInput.Range(start, count), augmenter);
            ModelInput.Rows(classifier.call(ModelInput.Video(pixels, count, frames, config, device))).CopyTo(logits, start);
        }
        return logits;
    }

    private static double Accuracy(float[][] logits, IReadOnlyList<int> labels) =>
        logits.Select((row, i) => Array.IndexOf(row, row.Max()) == labels[i] ? 1.0 : 0.0).Average();

    // The head is initialised from the global torch generator: seed it for this, then give the caller its state back.
    private static VideoClassifier NewClassifier(VideoEncoder encoder, int classes, long seed, Device device)
    {
        using var saved = get_rng_state();
        manual_seed(seed);
        var classifier = new VideoClassifier(encoder, classes);
        set_rng_state(saved);
        classifier.to(device);
        return classifier;
    }

    // One parameter group per (layer, decayed or not), each scaled for layer-wise decay as in BEiT/VideoMAE: the
    // embedding is layer 0, block i is i + 1, the head is the last.
    private static IReadOnlyList<ParameterGroup> ParameterGroups(VideoClassifier classifier, double layerDecay)
    {
        var last = classifier.Encoder.Layers + 1;
        return classifier.named_parameters()
            .Where(p => p.parameter.requires_grad)
            .GroupBy(p => (Layer: classifier.LayerOf(p.name), Decay: p.parameter.dim() >= 2))
            .OrderBy(g => g.Key.Layer).ThenBy(g => g.Key.Decay)
            .Select(g => new ParameterGroup([.. g.Select(p => p.parameter)], g.Key.Decay, Math.Pow(layerDecay, last - g.Key.Layer)))
            .ToList();
    }

    // Cross-entropy with label smoothing ε: (1 − ε)·NLL + ε·mean over classes of −log p, PyTorch's definition.
    private static Tensor CrossEntropy(Tensor logits, Tensor labels, double smoothing)
    {
        var logProbabilities = nn.functional.log_softmax(logits, 1);                                  // (B, classes)
        var nll = nn.functional.nll_loss(logProbabilities, labels);
        return smoothing > 0 ? nll.Times(1 - smoothing) - logProbabilities.mean([1]).mean().Times(smoothing) : nll;
    }

    // Step n's clips: positions n·B … n·B + B − 1 of an endless sequence of seeded per-epoch shuffles.
    private sealed class EpochOrder(int count, long seed)
    {
        private (long Epoch, int[] Order) _current = (-1, []);

        public IReadOnlyList<int> Batch(long index, int size)
        {
            var batch = new int[size];
            for (var k = 0; k < size; k++)
            {
                var position = (index * size) + k;
                batch[k] = Order(position / count)[(int)(position % count)];
            }
            return batch;
        }

        private int[] Order(long epoch)
        {
            if (_current.Epoch != epoch)
            {
                var order = Enumerable.Range(0, count).ToArray();
                DeterministicRng.For(seed, OrderStream, epoch).Shuffle(order);
                _current = (epoch, order);
            }
            return _current.Order;
        }
    }
}
