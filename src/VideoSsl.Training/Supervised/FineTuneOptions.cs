using VideoSsl.Training.Optimization;

namespace VideoSsl.Training.Supervised;

/// <summary>How <see cref="FineTuner"/> trains a classifier end to end: budget, optimizer, schedule, regularisation and augmentation.</summary>
/// <remarks>
/// The budget is a fixed number of optimizer steps, so a pretrained and a freshly initialised encoder get exactly the
/// same amount of training. Horizontal flipping is off by default: in the actions set a flip turns move_left into
/// move_right and rotate_cw into rotate_ccw, so flipping a clip without swapping its label teaches the wrong class.
/// Only raise <see cref="FlipProbability"/> for label sets that are mirror-symmetric.
/// </remarks>
public sealed record FineTuneOptions
{
    /// <summary>Optimizer steps (the whole budget; the same for pretrained and scratch encoders).</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Clips per step, drawn from a fresh seeded shuffle every pass over the training set.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>AdamW and its schedule; the peak learning rate is the head's (lower layers get less when <see cref="LayerDecay"/> is below 1).</summary>
    public AdamWOptions Optimizer { get; init; } = new() { MinLearningRate = 1e-6, WarmupSteps = 30, Beta2 = 0.999 };

    /// <summary>Layer-wise learning-rate decay: layer l of L + 1 (embedding 0, block i is i + 1, head L + 1) gets LayerDecay^(L + 1 − l). 1 turns it off; VideoMAE uses 0.75.</summary>
    public double LayerDecay { get; init; } = 1.0;

    /// <summary>Label smoothing ε of the cross-entropy (VideoMAE uses 0.1); 0 turns it off.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Random temporal window (when clips are longer than the model's frames) and random resized crop.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Smallest crop area, as a fraction of the frame, of the random resized crop; 1 (the default) crops nothing: on sets of small actors a crop can cut the actor out, and the clip's label with it.</summary>
    public double CropScaleMin { get; init; } = 1.0;

    /// <summary>Probability of a horizontal flip; 0 by default because it swaps the direction of motion classes.</summary>
    public double FlipProbability { get; init; }

    /// <summary>Seeds the head's initialisation, the clip order and the augmentation.</summary>
    public long Seed { get; init; }

    /// <summary>The loss is read back from the device (a sync) and reported every this many steps, and at the last.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Validation clips, when given, are scored every this many steps and at the last.</summary>
    public int ValidateEvery { get; init; } = 50;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                problems.Add(message);
            }
        }
        Check(Steps >= 1, $"steps: {Steps} must be at least 1");
        Check(BatchSize >= 1, $"batch size: {BatchSize} must be at least 1");
        problems.AddRange(Optimizer.Validate());
        Check(Optimizer.WarmupSteps <= Steps, $"warmup-steps: {Optimizer.WarmupSteps} is more than the {Steps} steps");
        Check(LayerDecay is > 0 and <= 1, $"layer decay: {LayerDecay} is outside (0, 1]");
        Check(LabelSmoothing is >= 0 and < 1, $"label smoothing: {LabelSmoothing} is outside [0, 1)");
        Check(CropScaleMin is > 0 and <= 1, $"crop scale min: {CropScaleMin} is outside (0, 1]");
        Check(FlipProbability is >= 0 and <= 1, $"flip probability: {FlipProbability} is outside [0, 1]");
        Check(LogEvery >= 1, $"log every: {LogEvery} must be at least 1");
        Check(ValidateEvery >= 1, $"validate every: {ValidateEvery} must be at least 1");
        return problems;
    }
}

/// <summary>One logged fine-tuning step: the mean training loss of its batch, the head's learning rate and, at validation steps, top-1 on the validation clips.</summary>
public sealed record FineTuneStep(int Step, int Steps, double Loss, double LearningRate, double? ValidationTop1 = null);

/// <summary>Labeled clips kept out of training: what fine-tuning's validation curve is scored on.</summary>
public sealed record LabeledClipSet(IReadOnlyList<byte[]> Clips, IReadOnlyList<int> Labels);
