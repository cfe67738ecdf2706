namespace VideoSsl.Training.Optimization;

/// <summary>The AdamW settings of a training loop: peak and final learning rate, warmup, weight decay, moments and gradient clipping.</summary>
/// <remarks>
/// Pretraining (<see cref="PretrainOptions.Optimizer"/>) and fine-tuning (<see cref="Supervised.FineTuneOptions.Optimizer"/>)
/// both hold one; <see cref="ScheduledAdamW"/> is the one optimizer built from it. The defaults are pretraining's (MAE);
/// fine-tuning starts from other ones. The flags and settings-file keys are the properties' own (--lr, --beta2, ...).
/// </remarks>
public sealed record AdamWOptions
{
    /// <summary>Peak learning rate (AdamW, linear warmup, cosine decay).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Learning rate the cosine decay ends at.</summary>
    public double MinLearningRate { get; init; } = 1e-5;

    /// <summary>Linear warmup steps.</summary>
    public int WarmupSteps { get; init; } = 50;

    /// <summary>AdamW weight decay on matrices and convolution kernels; biases, norms and other vectors are not decayed.</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>AdamW β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW β2.</summary>
    public double Beta2 { get; init; } = 0.95;

    /// <summary>Gradient norm clip; 0 disables.</summary>
    public double ClipGradNorm { get; init; } = 1.0;

    /// <summary>Returns the problems, each naming its setting; empty when the values are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(LearningRate > 0 && MinLearningRate >= 0 && MinLearningRate <= LearningRate))
        {
            problems.Add($"lr: need 0 <= min-lr ({MinLearningRate}) <= lr ({LearningRate}) and lr > 0");
        }
        if (WarmupSteps < 0)
        {
            problems.Add($"warmup-steps: {WarmupSteps} must not be negative");
        }
        if (!(WeightDecay >= 0))
        {
            problems.Add($"weight-decay: {WeightDecay} must not be negative");
        }
        if (Beta1 is not (>= 0 and < 1) || Beta2 is not (>= 0 and < 1))
        {
            problems.Add($"beta1, beta2: ({Beta1}, {Beta2}) must be in [0, 1)");
        }
        if (!(ClipGradNorm >= 0))
        {
            problems.Add($"clip-grad-norm: {ClipGradNorm} must not be negative");
        }
        return problems;
    }
}
