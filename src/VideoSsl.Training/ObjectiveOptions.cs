using VideoSsl.Models;

namespace VideoSsl.Training;

/// <summary>What pretraining learns from a batch: the share of future-frame batches, the tube mask and the masked targets.</summary>
/// <remarks>Part of <see cref="PretrainOptions"/>; a resumed run must keep every value (see <see cref="TrainingSignature"/>).</remarks>
public sealed record ObjectiveOptions
{
    /// <summary>Share of batches using the future-frame objective (0 = masked only, 1 = future only).</summary>
    public double FutureRatio { get; init; } = 0.5;

    /// <summary>Tube-mask ratio of the masked objective: the fraction of spatial positions hidden.</summary>
    public double MaskRatio { get; init; } = 0.9;

    /// <summary>Masked targets are per-patch normalized pixels (VideoMAE default) unless false.</summary>
    public bool NormalizeTargets { get; init; } = true;

    /// <summary>Each clip's future-frame loss is its error divided by copying the last context frame's error on that clip, so a clip with little motion weighs as much as one with a lot; off by default: plain MSE over the batch learned more motion in every comparison (README, "Choosing the model").</summary>
    public bool RelativeFutureLoss { get; init; }

    /// <summary>Weight of an MSE on frame-to-frame changes added to the future-frame loss (0: off): penalises predictions that fade a moving actor into the background (README, "Choosing the model").</summary>
    public double FutureDifferenceWeight { get; init; }

    /// <summary>Weight of 1 − SSIM of the predicted frames added to the future-frame loss (0: off): pixel MSE lets an unsure model paint a faint haze wherever an actor could be, which SSIM punishes (README, "Moving MNIST benchmark").</summary>
    public double FutureSsimWeight { get; init; }

    /// <summary>The future-frame loss these settings describe.</summary>
    public FutureLossTerms FutureTerms() => new(RelativeFutureLoss, FutureDifferenceWeight, FutureSsimWeight);

    /// <summary>Returns the problems, each naming its setting; empty when the values are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (FutureRatio is not (>= 0 and <= 1))
        {
            problems.Add($"future-ratio: {FutureRatio} is outside [0, 1]");
        }
        if (MaskRatio is not (> 0 and < 1))
        {
            problems.Add($"mask-ratio: {MaskRatio} is outside (0, 1)");
        }
        if (FutureDifferenceWeight is not (>= 0 and <= 100))
        {
            problems.Add($"future-difference-weight: {FutureDifferenceWeight} is outside [0, 100]");
        }
        if (FutureSsimWeight is not (>= 0 and <= 100))
        {
            problems.Add($"future-ssim-weight: {FutureSsimWeight} is outside [0, 100]");
        }
        return problems;
    }
}
