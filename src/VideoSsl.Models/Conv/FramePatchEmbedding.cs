namespace VideoSsl.Models;

/// <summary>
/// The conv encoder's input layer: every frame's non-overlapping P×P patches embedded, with hidden pixels replaced by a
/// learned fill value and the pixels normalised — (B, C + 1, T, H, W) [video × visible, visible] → (B·T, D, H/P, W/P),
/// channels-last; (B, C, T, H, W) video alone when nothing is hidden.
/// </summary>
/// <remarks>
/// <para>What it computes is a stride-P convolution (weight (D, C + 1, P, P), torch's Conv2d initialisation, so
/// checkpoints and seeds carry over from the Conv2d it replaced) of the frames <c>[x, visible]</c>, where
/// <c>x = (video − 0.5) / 0.25</c> where visible and the fill value where hidden. How: as a stride-P convolution of the
/// raw frames, with the normalisation and the fill folded into the weights. With u = video × visible,
/// x = 4u + fill − (fill + 2) × visible, so the product of the raw patches [u, visible] with the weights
/// [4 W_video, W_visible − Σ_c (fill_c + 2) W_c] plus the bias b + Σ_c fill_c ΣW_c is that convolution.</para>
/// <para>Why: nothing upstream of the patches needs a gradient (the fill's reaches it through the folded weights), so
/// the backward pass is the weights' gradient alone — no pass over the full-resolution input, which, with libtorch's
/// stride-P convolution computing its input's gradient at 21 GFLOP/s on this CPU, was a quarter of the conv model's
/// training step (README, "How close training runs to the machine"). The frames go in channels-last, where oneDNN's
/// kernel ran the layer forward and backward 1.25 × faster than a matrix product over the patches.</para>
/// </remarks>
public sealed class FramePatchEmbedding : Module<Tensor, Tensor>
{
    private readonly int _patch;
    private readonly Func<Tensor> _fill;
#pragma warning disable IDE1006 // torch's parameter names, as the Conv2d this replaced saved them
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006

    /// <param name="fill">The owner's fill value, (1, C, 1, 1, 1) in normalised units (a parameter of the owner, not of this layer).</param>
    public FramePatchEmbedding(string name, int channels, int dim, int patch, Func<Tensor> fill) : base(name)
    {
        _patch = patch;
        _fill = fill;
        using (var conv = Conv2d(channels + 1, dim, patch, stride: patch))
        {
            weight = Parameter(conv.weight!.detach().clone());
            bias = Parameter(conv.bias!.detach().clone());
        }
        RegisterComponents();
    }

    /// <summary>The (D, C + 1, P, P) kernel of the equivalent convolution over [x, visible].</summary>
    public Tensor Weight => weight;

    /// <summary>(B, C + 1, T, H, W) [video × visible, visible], or (B, C, T, H, W) video with every pixel visible; video in [0, 1] → (B·T, D, H/P, W/P), channels-last.</summary>
    /// <remarks>Without the visibility channel the input is taken as all visible: that channel is then constant, so its
    /// kernel's sum joins the bias and the input is never built (the future objective and clip features see everything).</remarks>
    public override Tensor forward(Tensor input)
    {
        var (video, visible, bias) = Folded();
        var channels = video.shape[1];
        if (input.shape[1] == channels)
        {
            return Convolve(input, video.Times(4), bias.Plus(visible.sum([1, 2, 3])));
        }
        if (input.shape[1] != channels + 1)
        {
            throw new ArgumentException($"The patch embedding takes {channels} video channels, with or without a visibility channel; got {input.shape[1]}.", nameof(input));
        }
        return Convolve(input, cat([video.Times(4), visible], 1), bias);
    }

    // The kernel's video part (D, C, P, P), its folded visibility part (D, 1, P, P) and the folded bias (D) (the remarks).
    private (Tensor Video, Tensor Visible, Tensor Bias) Folded()
    {
        var channels = weight.shape[1] - 1;
        var fill = _fill().view(1, channels, 1, 1);
        var video = weight.narrow(1, 0, channels);
        var visible = weight.narrow(1, channels, 1) - (video * fill.Plus(2)).sum(1, keepdim: true);
        return (video, visible, bias.Plus((video * fill).sum([1, 2, 3])));
    }

    // (B, K, T, H, W) frames, made channels-last (B·T, K, H, W) in one copy, through a stride-P convolution: oneDNN's
    // channels-last kernel, its input needing no gradient.
    private Tensor Convolve(Tensor frames, Tensor kernel, Tensor bias)
    {
        long b = frames.shape[0], k = frames.shape[1], t = frames.shape[2], h = frames.shape[3], w = frames.shape[4];
        var channelsLast = frames.permute(0, 2, 3, 4, 1).reshape(b * t, h, w, k).permute(0, 3, 1, 2);
        return functional.conv2d(channelsLast, kernel, bias, strides: [_patch, _patch]);
    }
}
