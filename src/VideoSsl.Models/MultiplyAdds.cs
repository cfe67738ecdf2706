namespace VideoSsl.Models;

/// <summary>Counts the multiply-adds a model's forward passes perform, from the shapes its layers see: convolutions (the frame patch embedding too), linear layers and attention.</summary>
/// <remarks>
/// Hooks every convolution (1-3d, transposed too), linear layer and transformer block of the model; each call adds
/// its multiply-adds, computed from the weight's shape and the output's (input's, for a transposed convolution) element
/// count: an output element of a convolution costs (in channels / groups) × kernel volume, of a linear layer its
/// in-features; attention adds 2 · B · N² · D (scores and weighted sum). Norms, activations and elementwise arithmetic
/// are left out: they are memory-bound and small in multiply-adds. A training step costs about 3 × the forward
/// (backward: the gradients for the inputs and for the weights, each about one forward). Dispose to remove the hooks.
/// </remarks>
public sealed class MultiplyAddCounter : IDisposable
{
    private readonly List<Action> _removers = [];
    private readonly Dictionary<(Module Layer, string Input, bool ChannelsLast, bool InputNeedsGrad), LayerCallCount> _calls = [];
    private long _total;

    /// <summary>Starts counting every forward call of <paramref name="model"/>'s counted layers (the model itself included).</summary>
    public MultiplyAddCounter(Module model)
    {
        foreach (var module in model.modules().Prepend(model))
        {
            switch (module)
            {
                case Convolution or TorchSharp.Modules.Linear or TransformerBlock or FramePatchEmbedding:
                    var hook = ((Module<Tensor, Tensor>)module).register_forward_hook((layer, input, output) =>
                    {
                        var shape = input.shape;
                        var macs = Of(layer, shape, output.shape);
                        _total += macs;
                        if (macs > Largest.MultiplyAdds)
                        {
                            Largest = new LayerCall(layer, shape, macs);
                        }
                        if (layer is not TransformerBlock)
                        {
                            Record(new LayerCall(layer, shape, macs), input);
                        }
                        return output;
                    });
                    _removers.Add(hook.remove);
                    break;
            }
        }
    }

    /// <summary>Multiply-adds counted so far.</summary>
    public long Total => _total;

    /// <summary>The counted call with the most multiply-adds so far (a default value before any).</summary>
    public LayerCall Largest { get; private set; }

    /// <summary>Every distinct call so far of a convolution, linear layer or patch embedding (not the transformer blocks that hold linear layers), with how often it was made.</summary>
    public IReadOnlyCollection<LayerCallCount> Calls => _calls.Values;

    /// <summary>Multiply-adds of one call of <paramref name="layer"/> with these input and output shapes; 0 for a layer that is not counted.</summary>
    public static long Of(Module layer, long[] input, long[] output) => layer switch
    {
        Convolution { transposed: true } conv => Elements(input) * PerOutputChannel(conv.weight!),
        Convolution conv => Elements(output) * PerOutputChannel(conv.weight!),
        FramePatchEmbedding embedding => Elements(output) * input[1] * embedding.Weight.shape[2] * embedding.Weight.shape[3], // its input's channels: without the visibility channel, one fewer
        TorchSharp.Modules.Linear linear => Elements(output) * linear.weight!.shape[1],
        TransformerBlock => 2 * input[0] * input[1] * input[1] * input[2], // (B, N, D): Q·Kᵀ and the weighted sum of V
        _ => 0,
    };

    public void Dispose()
    {
        foreach (var remove in _removers)
        {
            remove();
        }
        _removers.Clear();
    }

    // A call is the same call when the layer, the input's shape, its memory layout and whether it needs a gradient are:
    // those decide which kernels libtorch runs forward and backward.
    private void Record(LayerCall call, Tensor input)
    {
        var key = (call.Layer!, string.Join(",", call.Input), ChannelsLast.Is(input), input.requires_grad);
        _calls[key] = _calls.TryGetValue(key, out var seen)
            ? seen with { Count = seen.Count + 1 }
            : new LayerCallCount(call, key.Item3, key.Item4, 1);
    }

    private static long Elements(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    // A convolution's weight is (out, in / groups, k...), a transposed one's (in, out / groups, k...): the products
    // behind one element along the first axis.
    private static long PerOutputChannel(Tensor weight) => weight.numel() / weight.shape[0];
}

/// <summary>One call of a counted layer: the layer, the shape of its input and its multiply-adds.</summary>
public readonly record struct LayerCall(Module? Layer, long[] Input, long MultiplyAdds)
{
    /// <summary>E.g. "Conv2d (80, 80, 8, 8)".</summary>
    public override string ToString() => Layer is null ? "none" : $"{Layer.GetType().Name} ({string.Join(", ", Input)})";
}

/// <summary>A distinct call of a layer as training made it: its shape, whether the input was channels-last and needed a gradient, and how many times it was made.</summary>
public sealed record LayerCallCount(LayerCall Call, bool ChannelsLast, bool InputNeedsGrad, long Count);
