using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Models;

/// <summary>The conv model's encoder: each frame's P×P patches embedded (with a visibility channel), then the translator mixing space and time.</summary>
/// <remarks>
/// Input (B, C, T, H, W) in [0, 1] and a visibility mask (B, 1, T, H, W); hidden pixels are replaced by a learned fill
/// value before the embedding, so the masked objectives hide them at the input. Clip features are the translator's
/// last block's MLP activation max-pooled over space (the actor covers a few patches; a mean dilutes it into the
/// background). README, "Choosing the model".
/// </remarks>
public sealed class ConvEncoder : VideoEncoder
{
    private readonly Conv2d patch_embed;
    private readonly GroupNorm embed_norm;
    private readonly Conv2d to_frames;
    private readonly ModuleList<TranslatorBlock> blocks;
    private readonly Parameter fill;

    public ConvEncoder(VideoModelConfig config, bool timeMixing = true) : base(nameof(ConvEncoder), config)
    {
        patch_embed = Conv2d(config.Channels + 1, config.Dim, config.PatchSize, stride: config.PatchSize);
        embed_norm = GroupNorm(1, config.Dim);
        to_frames = Conv2d(config.Dim, config.FrameChannels, 1);
        blocks = new ModuleList<TranslatorBlock>([.. Enumerable.Range(0, config.Depth).Select(i => new TranslatorBlock($"block{i}", config.Frames, config.FrameChannels, config.MlpRatio, config.Kernel, timeMixing))]);
        fill = Parameter(zeros([1, config.Channels, 1, 1, 1]));
        RegisterComponents();
    }

    /// <summary>The last translator block's MLP width: frames × frame channels × the MLP ratio.</summary>
    public override int FeatureDim => (int)blocks[^1].MixingChannels;

    /// <summary>Scales every block's residual branch (called once after initialisation).</summary>
    internal void ScaleResiduals(double factor)
    {
        foreach (var block in blocks)
        {
            block.ScaleResidual(factor);
        }
    }

    /// <summary>Embeds and translates: returns the per-frame patch embeddings (B·T, D, s, s) and the translator's output (B, T·h, s, s).</summary>
    /// <param name="visible">(B, 1, T, H, W), 1 where the model may look.</param>
    public (Tensor Embedded, Tensor Hidden) Encode(Tensor video, Tensor visible)
    {
        var (embedded, hidden) = Embed(video, visible);
        foreach (var block in blocks)
        {
            hidden = block.call(hidden);
        }
        return (embedded, hidden);
    }

    // The patch embeddings (B·T, D, s, s) and the translator's input (B, T·h, s, s).
    private (Tensor Embedded, Tensor Hidden) Embed(Tensor video, Tensor visible)
    {
        long b = video.shape[0], t = video.shape[2], size = video.shape[3];
        var x = video.Minus(0.5).Over(0.25).mul(visible).Plus(fill * TensorArithmetic.Minus(1, visible));                        // (B, C, T, H, W)
        var frames = cat([x, visible], 1).transpose(1, 2).reshape(b * t, Config.Channels + 1, size, size);
        var embedded = functional.gelu(embed_norm.call(patch_embed.call(frames)));                   // (B·T, D, s, s)
        var s = embedded.shape[2];
        return (embedded, to_frames.call(embedded).reshape(b, t * Config.FrameChannels, s, s));     // (B, T·h, s, s)
    }

    /// <summary>The context frames: the future objective always showed the model ContextFrames frames with the rest hidden.</summary>
    public override int ViewFrames => Config.ContextFrames;

    /// <summary>
    /// A view as the future objective presented clips: its frames as the context, every later frame hidden; features are
    /// the last translator block's MLP activation max-pooled over space: (B, C, ContextFrames, H, W) → (B, <see cref="FeatureDim"/>).
    /// </summary>
    /// <remarks>The MLP is where a block combines the frames: its units respond to how things move, the block's output
    /// to what is where (README, "Choosing the model").</remarks>
    protected override Tensor ViewFeatures(Tensor view)
    {
        long b = view.shape[0], c = view.shape[1], size = view.shape[3];
        var hiddenFrames = Config.Frames - Config.ContextFrames;
        var video = cat([view, zeros([b, c, hiddenFrames, size, size], device: view.device)], 2);        // the hidden frames are never read
        var visible = cat([ones([b, 1, Config.ContextFrames, size, size], device: view.device), zeros([b, 1, hiddenFrames, size, size], device: view.device)], 2);
        var (_, hidden) = Embed(video, visible);
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
