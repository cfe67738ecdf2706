namespace VideoSsl.Models;

/// <summary>One block of the conv model's translator: a depthwise spatial conv, then an MLP of 1×1 convs across all frames' channels (time mixing), with a residual.</summary>
/// <remarks>
/// Frames are stacked as channels (SimVP, TAU): (B, T·h, s, s) in and out. The norm groups are the frames. Without
/// <c>timeMixing</c> (an ablation for tests) the MLP is grouped by frame, so no frame sees another.
/// </remarks>
public sealed class TranslatorBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d spatial;
    private readonly GroupNorm norm;
    private readonly Conv2d mix1;
    private readonly Conv2d mix2;

    public TranslatorBlock(string name, int frames, int frameChannels, double mlpRatio, int kernel, bool timeMixing = true) : base(name)
    {
        var channels = frames * frameChannels;
        var hidden = (int)Math.Round(frameChannels * mlpRatio) * frames;
        var groups = timeMixing ? 1 : frames;
        spatial = Conv2d(channels, channels, kernel, padding: kernel / 2, groups: channels);
        norm = GroupNorm(frames, channels);
        mix1 = Conv2d(channels, hidden, 1, groups: groups);
        mix2 = Conv2d(hidden, channels, 1, groups: groups);
        RegisterComponents();
    }

    /// <summary>Scales the residual branch's last layer, so a deep stack starts close to the identity.</summary>
    public void ScaleResidual(double factor)
    {
        using var _ = no_grad();
        mix2.weight!.TimesInPlace(factor);
    }

    /// <summary>Channels of <see cref="Mixing"/>: frames × frame channels × the MLP ratio.</summary>
    public long MixingChannels => mix1.weight!.shape[0];

    /// <summary>The MLP's hidden activation, where the block combines frames: (B, T·h, s, s) → (B, <see cref="MixingChannels"/>, s, s).</summary>
    public Tensor Mixing(Tensor x) => functional.gelu(mix1.call(norm.call(spatial.call(x))));

    public override Tensor forward(Tensor x) => x.Plus(mix2.call(Mixing(x))); // (B, T·h, s, s)
}
