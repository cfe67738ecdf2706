namespace VideoSsl.Models;

/// <summary>TorchSharp's AdamW with a step that keeps every <see cref="Scalar"/> alive through its native call.</summary>
/// <remarks>
/// TorchSharp 0.107's own <c>AdamW.step</c> passes numbers where Scalars are expected (β, 1 − β, the bias
/// corrections, ε, the step size): each becomes a Scalar that the GC may finalize while libtorch reads it, which
/// crashed evaluations ("Expected false to be true ... Scalar.h:140"). This class changes only the step: the same
/// update (decoupled weight decay, bias-corrected moments; no AMSGrad, no maximize), the same parameter groups, and
/// the same state, so optimizer state saved by TorchSharp's AdamW (older checkpoints) loads unchanged.
/// </remarks>
public sealed class SafeAdamW : AdamW
{
#pragma warning disable RS0030 // the base constructor is the one TorchSharp API this class exists to wrap
    /// <summary>An optimizer over <paramref name="groups"/>; <paramref name="lr"/> and the rest are the defaults of groups that leave them unset.</summary>
    public SafeAdamW(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay)
        : base(groups, lr, beta1, beta2, eps, weightDecay)
#pragma warning restore RS0030
    {
    }

    /// <summary>One group over <paramref name="parameters"/>, all decayed alike.</summary>
    public SafeAdamW(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : this([new ParamGroup(parameters, lr, beta1, beta2, eps, weightDecay, false, false)], lr, beta1, beta2, eps, weightDecay)
    {
    }

    /// <summary>One AdamW update of every parameter that has a gradient.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        var (beta1, beta2, eps, lr, decay) = (options.beta1!.Value, options.beta2!.Value, options.eps!.Value, options.LearningRate!.Value, options.weight_decay!.Value);
        if (options.amsgrad == true || options.maximize == true)
        {
            throw new NotSupportedException("SafeAdamW implements plain AdamW: no AMSGrad, no maximize.");
        }
        using var keep = Scalars.Of(1 - (lr * decay));
        using var b1 = Scalars.Of(beta1);
        using var b2 = Scalars.Of(beta2);
        using var oneMinusB1 = Scalars.Of(1 - beta1);
        using var oneMinusB2 = Scalars.Of(1 - beta2);
        using var epsilon = Scalars.Of(eps);
        foreach (var param in group.Parameters)
        {
            using var grad = param.grad;
            if (grad is null)
            {
                continue;
            }
            var state = (State)_state[param.Handle];
            state.step += 1;
            if (decay != 0)
            {
                param.mul_(keep);
            }
            state.exp_avg.mul_(b1).add_(grad, oneMinusB1);
            state.exp_avg_sq.mul_(b2).addcmul_(grad, grad, oneMinusB2);
            using var rootCorrection2 = Scalars.Of(Math.Sqrt(1 - Math.Pow(beta2, state.step)));
            using var stepSize = Scalars.Of(-lr / (1 - Math.Pow(beta1, state.step)));
            using var denominator = state.exp_avg_sq.sqrt().div_(rootCorrection2).add_(epsilon, Scalars.One);
            param.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}
