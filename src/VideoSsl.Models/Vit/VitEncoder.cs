using System.Globalization;

namespace VideoSsl.Models;

/// <summary>The video ViT encoder: tubelet embedding (Conv3d), fixed position embeddings and transformer blocks.</summary>
/// <remarks>Input videos are float (B, C, T, H, W) in [0, 1], with T at most the config's frame count.</remarks>
public sealed class VitEncoder : VideoEncoder
{
    private readonly Conv3d patch_embed;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm norm;
    private readonly Tensor pos_embed;

    public VitEncoder(VideoModelConfig config) : base(nameof(VitEncoder), config)
    {
        long tt = config.TubeletFrames, p = config.PatchSize;
        patch_embed = Conv3d(config.Channels, config.Dim, kernel_size: (tt, p, p), stride: (tt, p, p));
        blocks = new ModuleList<TransformerBlock>([.. Enumerable.Range(0, config.Depth).Select(i => new TransformerBlock($"block{i}", config.Dim, config.Heads, config.MlpRatio))]);
        norm = LayerNorm(config.Dim);
        pos_embed = SinusoidalPositions.Table(config.Tokens, config.Dim);
        register_buffer(nameof(pos_embed), pos_embed);
        RegisterComponents();
    }

    /// <summary>Width of every token, and of the mean-pooled clip feature.</summary>
    public override int FeatureDim => Config.Dim;

    /// <summary>Encodes only the <paramref name="visible"/> tokens (B, Nv) when given, else all: (B, C, T, H, W) → (B, Nv or N, D).</summary>
    public Tensor Tokens(Tensor video, Tensor? visible = null)
    {
        var x = patch_embed.call(video.Minus(0.5).Over(0.25)).flatten(2).transpose(1, 2); // (B, N, D)
        x = x.Plus(pos_embed.narrow(1, 0, x.shape[1]));
        if (visible is not null)
        {
            x = x.gather(1, visible.unsqueeze(-1).expand(-1, -1, x.shape[2]));     // (B, Nv, D)
        }
        foreach (var block in blocks)
        {
            x = block.call(x);
        }
        return norm.call(x);
    }

    /// <summary>Mean of all encoder tokens, no masking: (B, C, T, H, W) → (B, D).</summary>
    /// <summary>Whole clips: the encoder is pretrained on (masked) whole clips.</summary>
    public override int ViewFrames => Config.Frames;

    protected override Tensor ViewFeatures(Tensor view) => Tokens(view).mean([1]);

    /// <summary>As BEiT and VideoMAE: the tubelet embedding is layer 0, block i is i + 1, the final norm belongs with the head.</summary>
    public override int LayerOf(string parameterName)
    {
        const string prefix = "blocks.";
        if (parameterName.StartsWith(prefix, StringComparison.Ordinal))
        {
            var index = parameterName.AsSpan(prefix.Length);
            var dot = index.IndexOf('.');
            return int.Parse(dot < 0 ? index : index[..dot], CultureInfo.InvariantCulture) + 1;
        }
        return parameterName.StartsWith("patch_embed.", StringComparison.Ordinal) ? 0 : Layers + 1;
    }
}
