using TorchSharp.Modules;
using VideoSsl.Models;

namespace VideoSsl.Training.Optimization;

/// <summary>Parameters that share a learning-rate scale and whether weight decay applies to them.</summary>
/// <param name="Scale">Multiplies the scheduled learning rate (layer-wise decay when fine-tuning).</param>
public sealed record ParameterGroup(IReadOnlyList<Parameter> Parameters, bool Decay, double Scale = 1);

/// <summary>
/// The one optimizer of every training loop (pretraining, fine-tuning, the linear probe): <see cref="SafeAdamW"/> over
/// parameter groups, stepped along the warmup-then-cosine schedule of <see cref="AdamWOptions"/>.
/// </summary>
/// <remarks>
/// Groups keep the order they are given in, which is the order of the optimizer state a checkpoint holds: a loop must
/// keep its grouping for its checkpoints to resume. ε is 1e-8 throughout, as in TorchSharp's AdamW.
/// </remarks>
public sealed class ScheduledAdamW : IDisposable
{
    private const double Epsilon = 1e-8;
    private readonly double[] _scales;
    private readonly LearningRateSchedule _schedule;

    private ScheduledAdamW(SafeAdamW optimizer, double[] scales, LearningRateSchedule schedule)
    {
        Optimizer = optimizer;
        _scales = scales;
        _schedule = schedule;
    }

    /// <summary>The optimizer: zero_grad, step, and its state for checkpoints.</summary>
    public SafeAdamW Optimizer { get; }

    /// <summary>AdamW over <paramref name="groups"/> with <paramref name="options"/>, scheduled over <paramref name="steps"/> steps.</summary>
    public static ScheduledAdamW Create(IReadOnlyList<ParameterGroup> groups, AdamWOptions options, int steps)
    {
        var paramGroups = groups.Select(g => new AdamW.ParamGroup(g.Parameters, options.LearningRate * g.Scale, options.Beta1, options.Beta2, Epsilon,
            g.Decay ? options.WeightDecay : 0.0, false, false));
        var optimizer = new SafeAdamW(paramGroups, options.LearningRate, options.Beta1, options.Beta2, Epsilon, options.WeightDecay);
        return new ScheduledAdamW(optimizer, [.. groups.Select(g => g.Scale)], new LearningRateSchedule(options.LearningRate, options.MinLearningRate, options.WarmupSteps, steps));
    }

    /// <summary>Two groups as in MAE: matrices and kernels decayed, then biases, norms and other vectors not.</summary>
    public static IReadOnlyList<ParameterGroup> DecayMatricesOnly(IReadOnlyList<Parameter> parameters) =>
        [new(parameters.Where(p => p.dim() >= 2).ToList(), Decay: true), new(parameters.Where(p => p.dim() < 2).ToList(), Decay: false)];

    /// <summary>Sets every group's learning rate for optimizer step <paramref name="step"/> (1-based); returns the schedule's rate.</summary>
    public double Schedule(int step)
    {
        var lr = _schedule.At(step);
        var g = 0;
        foreach (var group in Optimizer.ParamGroups)
        {
            group.LearningRate = lr * _scales[g++];
        }
        return lr;
    }

    public void Dispose() => Optimizer.Dispose();
}
