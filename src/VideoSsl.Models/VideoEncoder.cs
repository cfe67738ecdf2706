using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Models;

/// <summary>The video ViT encoder: tubelet embedding (Conv3d), fixed position embeddings and transformer blocks.</summary>
/// <remarks>Input videos are float (B, C, T, H, W) in [0, 1], with T at most the config's frame count.</remarks>
public sealed class VideoEncoder : Module<Tensor, Tensor>
{
    private readonly Conv3d patch_embed;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm norm;
    private readonly Tensor pos_embed;

    public VideoEncoder(VideoMaeConfig config) : base(nameof(VideoEncoder))
    {
        Config = config;
        long tt = config.TubeletFrames, p = config.PatchSize;
        patch_embed = Conv3d(config.Channels, config.Dim, kernel_size: (tt, p, p), stride: (tt, p, p));
        blocks = new ModuleList<TransformerBlock>([.. Enumerable.Range(0, config.Depth).Select(i => new TransformerBlock($"block{i}", config.Dim, config.Heads, config.MlpRatio))]);
        norm = LayerNorm(config.Dim);
        pos_embed = SinusoidalPositions.Table(config.Tokens, config.Dim);
        register_buffer(nameof(pos_embed), pos_embed);
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public VideoMaeConfig Config { get; }

    /// <summary>Width of every token.</summary>
    public int Dim => Config.Dim;

    /// <summary>Encodes every token: (B, C, T, H, W) → (B, N, D).</summary>
    public override Tensor forward(Tensor video) => forward(video, null);

    /// <summary>Encodes only the <paramref name="visible"/> tokens (B, Nv) when given: (B, C, T, H, W) → (B, Nv, D).</summary>
    public Tensor forward(Tensor video, Tensor? visible)
    {
        var x = patch_embed.call((video - 0.5f) / 0.25f).flatten(2).transpose(1, 2); // (B, N, D)
        x = x + pos_embed.narrow(1, 0, x.shape[1]);
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

    /// <summary>Clip features for probes and retrieval: mean of all encoder tokens, no masking. (B, C, T, H, W) → (B, D).</summary>
    public Tensor Features(Tensor video) => forward(video, null).mean([1]);
}
