namespace VideoSsl.Models;

/// <summary>
/// The conv encoder's input layer: every frame's non-overlapping P×P patches embedded, with hidden pixels replaced by a
/// learned fill value and the pixels normalised — (B, C + 1, T, H, W) [video × visible, visible] → (B·T, D, H/P, W/P),
/// channels-last.
/// </summary>
/// <remarks>
/// <para>What it computes is a stride-P convolution (weight (D, C + 1, P, P), torch's Conv2d initialisation, so
/// checkpoints and seeds carry over from the Conv2d it replaced) of the frames <c>[x, visible]</c>, where
/// <c>x = (video − 0.5) / 0.25</c> where visible and the fill value where hidden. How: as one matrix product over the
/// patches, with the normalisation and the fill folded into the weights. With u = video × visible,
/// x = 4u + fill − (fill + 2) × visible, so the product of the raw patches [u, visible] with the weights
/// [4 W_video, W_visible − Σ_c (fill_c + 2) W_c] plus the bias b + Σ_c fill_c ΣW_c is that convolution.</para>
/// <para>Why: nothing upstream of the patches needs a gradient (the fill's reaches it through the folded weights), so
/// the backward pass is the weights' gradient alone — no pass over the full-resolution input, which, with libtorch's
/// stride-P convolution computing its input's gradient at 21 GFLOP/s on this CPU, was a quarter of the conv model's
/// training step (README, "How close training runs to the machine").</para>
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

    /// <summary>(B, C + 1, T, H, W) [video × visible, visible], video in [0, 1] → (B·T, D, H/P, W/P), channels-last.</summary>
    public override Tensor forward(Tensor masked)
    {
        long b = masked.shape[0], c = masked.shape[1], t = masked.shape[2], sy = masked.shape[3] / _patch, sx = masked.shape[4] / _patch, d = weight.shape[0];
        var rows = masked.view(b, c, t, sy, _patch, sx, _patch).permute(0, 2, 3, 5, 1, 4, 6).reshape(b * t * sy * sx, c * _patch * _patch);
        var fill = _fill().view(1, c - 1, 1, 1);
        var video = weight.narrow(1, 0, c - 1);                                                          // (D, C, P, P)
        var visible = weight.narrow(1, c - 1, 1) - (video * fill.Plus(2)).sum(1, keepdim: true);        // (D, 1, P, P)
        var folded = cat([video.Times(4), visible], 1).view(d, -1);
        var embedded = functional.linear(rows, folded, bias.Plus((video * fill).sum([1, 2, 3])));            // (B·T·sy·sx, D)
        return embedded.view(b * t, sy, sx, d).permute(0, 3, 1, 2);
    }
}
