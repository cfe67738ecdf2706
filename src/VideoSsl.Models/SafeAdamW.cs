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

    private readonly Dictionary<ParamGroup, FlatGroup> _flat = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Puts each group's parameters, and their two moment buffers, into one contiguous buffer per group (the parameters
    /// and the state become views of it), so that a step is a handful of ops over each group instead of eight per
    /// parameter. Call before any step; the parameters keep their values, handles and shapes.
    /// </summary>
    /// <remarks>
    /// A small model has dozens of small parameter tensors: the conv model's 45 cost about 360 ops per step, each a
    /// libtorch dispatch too small to run on more than one thread, about a tenth of a training step on 2 cores (README,
    /// "How close training runs to the machine"). A step whose group has a parameter without a gradient, or whose
    /// parameters have taken different numbers of steps (as AdamW skips a parameter without a gradient), updates that
    /// group parameter by parameter as before, so the result never depends on which path ran.
    /// </remarks>
    public void Flatten()
    {
        using var _ = no_grad();
        foreach (var group in ParamGroups.OfType<ParamGroup>())
        {
            var members = group.Parameters.ToArray();
            if (members.Length < 2 || _flat.ContainsKey(group)
                || members.Any(p => p.device != members[0].device || p.dtype != members[0].dtype || !p.is_contiguous()))
            {
                continue;
            }
            var total = members.Sum(p => p.numel());
            var values = empty([total], dtype: members[0].dtype, device: members[0].device);
            var averages = zeros([total], dtype: members[0].dtype, device: members[0].device);
            var squares = zeros([total], dtype: members[0].dtype, device: members[0].device);
            long offset = 0;
            foreach (var param in members)
            {
                var n = param.numel();
                using (var slot = values.narrow(0, offset, n).view(param.shape))
                {
                    slot.copy_(param);
                    param.set_(slot);
                }
                var state = (State)_state[param.Handle];
                state.exp_avg.Dispose();
                state.exp_avg_sq.Dispose();
                state.exp_avg = averages.narrow(0, offset, n).view(param.shape);
                state.exp_avg_sq = squares.narrow(0, offset, n).view(param.shape);
                offset += n;
            }
            _flat[group] = new FlatGroup(members, values, averages, squares);
        }
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
        if (_flat.TryGetValue(group, out var flat) && flat.Members.Select(p => ((State)_state[p.Handle]).step).Distinct().Count() == 1 && flat.Gradient() is { } gradient)
        {
            using (gradient)
            {
                var step = 0L;
                foreach (var param in flat.Members)
                {
                    var state = (State)_state[param.Handle];
                    step = state.step += 1;
                }
                Update(flat.Values, flat.Averages, flat.Squares, gradient, step);
            }
            return;
        }
        foreach (var param in group.Parameters)
        {
            using var grad = param.grad;
            if (grad is null)
            {
                continue;
            }
            var state = (State)_state[param.Handle];
            state.step += 1;
            Update(param, state.exp_avg, state.exp_avg_sq, grad, state.step);
        }

        // The update of one parameter, or of a whole flattened group at once.
        void Update(Tensor param, Tensor averages, Tensor squares, Tensor grad, long step)
        {
            if (decay != 0)
            {
                param.mul_(keep);
            }
            averages.mul_(b1).add_(grad, oneMinusB1);
            squares.mul_(b2).addcmul_(grad, grad, oneMinusB2);
            using var rootCorrection2 = Scalars.Of(Math.Sqrt(1 - Math.Pow(beta2, step)));
            using var stepSize = Scalars.Of(-lr / (1 - Math.Pow(beta1, step)));
            using var denominator = squares.sqrt().div_(rootCorrection2).add_(epsilon, Scalars.One);
            param.addcdiv_(averages, denominator, stepSize);
        }
    }, closure);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var flat in _flat.Values)
        {
            flat.Values.Dispose();
            flat.Averages.Dispose();
            flat.Squares.Dispose();
        }
        _flat.Clear();
    }

    // One group's parameters and moments, each a view into the three buffers.
    private sealed record FlatGroup(Parameter[] Members, Tensor Values, Tensor Averages, Tensor Squares)
    {
        // Every member's gradient in one buffer, in member order; null when a member has none (then the group is
        // updated parameter by parameter).
        public Tensor? Gradient()
        {
            var grads = new Tensor[Members.Length];
            try
            {
                for (var i = 0; i < Members.Length; i++)
                {
                    if (Members[i].grad is not { } grad)
                    {
                        return null;
                    }
                    grads[i] = grad.reshape(-1);
                    grad.Dispose();
                }
                return cat(grads, 0);
            }
            finally
            {
                foreach (var g in grads)
                {
                    g?.Dispose();
                }
            }
        }
    }
}
