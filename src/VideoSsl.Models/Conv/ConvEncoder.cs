namespace VideoSsl.Models;

/// <summary>The conv model's encoder over the context frames: each frame's P×P patches embedded (with a visibility channel), then the translator mixing space and time.</summary>
/// <remarks>
/// Input (B, C, ContextFrames, H, W) in [0, 1] and a visibility mask (B, 1, ContextFrames, H, W); hidden pixels are
/// replaced by a learned fill value before the embedding, so the masked objective hides them at the input. Only the
/// context is ever encoded (SimVP): the future objective never spends compute on frames it hides, and clip features
/// read views of the same length. Clip features are the translator's last block's MLP activation max-pooled over
/// space (the actor covers a few patches; a mean dilutes it into the background). README, "Choosing the model".
/// </remarks>
public sealed class ConvEncoder : VideoEncoder
{
    private readonly FramePatchEmbedding patch_embed;
    private readonly GroupNorm embed_norm;
    private readonly Conv2d to_frames;
    private readonly ModuleList<TranslatorBlock> blocks;
    private readonly Parameter fill;

    public ConvEncoder(VideoModelConfig config, bool timeMixing = true) : base(nameof(ConvEncoder), config)
    {
        patch_embed = new FramePatchEmbedding(nameof(patch_embed), config.Channels, config.Dim, config.PatchSize, () => fill!); // reads the fill at each call
        embed_norm = GroupNorm(1, config.Dim);
        to_frames = Conv2d(config.Dim, config.FrameChannels, 1);
        blocks = new ModuleList<TranslatorBlock>([.. Enumerable.Range(0, config.Depth).Select(i => new TranslatorBlock($"block{i}", config.ContextFrames, config.FrameChannels, config.MlpRatio, config.Kernel, timeMixing))]);
        fill = Parameter(zeros([1, config.Channels, 1, 1, 1]));
        RegisterComponents();
    }

    /// <summary>The last translator block's MLP width: context frames × frame channels × the MLP ratio.</summary>
    public override int FeatureDim => (int)blocks[^1].MixingChannels;

    /// <summary>The context frames: the model only ever encodes ContextFrames frames.</summary>
    public override int ViewFrames => Config.ContextFrames;

    /// <summary>Scales every block's residual branch (called once after initialisation).</summary>
    internal void ScaleResiduals(double factor)
    {
        foreach (var block in blocks)
        {
            block.ScaleResidual(factor);
        }
    }

    /// <summary>Embeds and translates the context: returns the per-frame patch embeddings (B·Tc, D, s, s) and the translator's output (B, Tc·h, s, s).</summary>
    /// <param name="context">(B, C, Tc, H, W).</param>
    /// <param name="visible">(B, 1, Tc, H, W), 1 where the model may look; null when it may look everywhere.</param>
    public (Tensor Embedded, Tensor Hidden) Encode(Tensor context, Tensor? visible)
    {
        var (embedded, hidden) = Embed(context, visible);
        foreach (var block in blocks)
        {
            hidden = block.call(hidden);
        }
        return (embedded, hidden);
    }

    // The patch embeddings (B·T, D, s, s) and the translator's input (B, T·h, s, s), both channels-last.
    private (Tensor Embedded, Tensor Hidden) Embed(Tensor video, Tensor? visible)
    {
        var patches = patch_embed.call(visible is null ? video : cat([video * visible, visible], 1));
        var embedded = functional.gelu(embed_norm.call(patches));                                     // (B·T, D, s, s)
        return (embedded, ChannelsLast.StackFrames(to_frames.call(embedded), video.shape[0]));      // (B, T·h, s, s)
    }

    /// <summary>
    /// A view of ContextFrames frames, all visible, as the future objective shows the context: the last translator
    /// block's MLP activation max-pooled over space, (B, C, Tc, H, W) → (B, <see cref="FeatureDim"/>).
    /// </summary>
    /// <remarks>The MLP is where a block combines the frames: its units respond to how things move, the block's output
    /// to what is where (README, "Choosing the model").</remarks>
    protected override Tensor ViewFeatures(Tensor view)
    {
        var (_, hidden) = Embed(view, null);
        foreach (var block in blocks.Take(blocks.Count - 1))
        {
            hidden = block.call(hidden);
        }
        return blocks[^1].Mixing(hidden).amax([2, 3]);
    }

    /// <summary>The embedding and the fill value are layer 0, translator block i is i + 1.</summary>
    public override int LayerOf(string parameterName)
    {
        const string prefix = "blocks.";
        if (!parameterName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return 0;
        }
        var index = parameterName.AsSpan(prefix.Length);
        var dot = index.IndexOf('.');
        return int.Parse(dot < 0 ? index : index[..dot], System.Globalization.CultureInfo.InvariantCulture) + 1;
    }
}
