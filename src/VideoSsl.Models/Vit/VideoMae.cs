namespace VideoSsl.Models;

/// <summary>A video MAE: the ViT encoder plus a light decoder, trained by tube-masked reconstruction and future-frame prediction.</summary>
/// <remarks>
/// Both objectives share one decoder: it gets the encoded visible tokens and one learned mask token for every token
/// to predict, each with its position embedding, and predicts the pixels of the latter. Videos are (B, C, T, H, W) in [0, 1].
/// </remarks>
public sealed class VideoMae : VideoModel
{
    private readonly VitEncoder encoder;
    private readonly Linear decoder_embed;
    private readonly Parameter mask_token;
    private readonly ModuleList<TransformerBlock> decoder_blocks;
    private readonly LayerNorm decoder_norm;
    private readonly Linear decoder_pred;
    private readonly Tensor decoder_pos;

    public VideoMae(VideoModelConfig config) : base(nameof(VideoMae), config)
    {
        encoder = new VitEncoder(config);
        decoder_embed = Linear(config.Dim, config.DecoderDim);
        mask_token = Parameter(zeros(1, 1, config.DecoderDim));
        decoder_blocks = new ModuleList<TransformerBlock>([.. Enumerable.Range(0, config.DecoderDepth).Select(i => new TransformerBlock($"dblock{i}", config.DecoderDim, config.DecoderHeads, config.MlpRatio))]);
        decoder_norm = LayerNorm(config.DecoderDim);
        decoder_pred = Linear(config.DecoderDim, config.PatchValues);
        decoder_pos = SinusoidalPositions.Table(config.Tokens, config.DecoderDim);
        register_buffer(nameof(decoder_pos), decoder_pos);
        RegisterComponents();
        WeightInit.Apply(this);
        using var _ = no_grad();
        init.normal_(mask_token, std: 0.02);
    }

    /// <summary>The ViT encoder: mean-pooled tokens are the clip features.</summary>
    public override VideoEncoder Encoder => encoder;

    /// <summary>MSE on the hidden tubelets only, against per-patch normalized pixels when <paramref name="normalizeTargets"/>.</summary>
    public override Tensor MaskedLoss(Tensor video, TubeMask mask, bool normalizeTargets = true)
    {
        var (visible, masked) = mask.ToIndices(video.device);                                      // (B, Nv), (B, Nm)
        var pred = Decode(encoder.Tokens(video, visible), visible, masked);                        // (B, Nm, PV)
        var target = Tubelets.Patchify(video, Config).gather(1, masked.unsqueeze(-1).expand(-1, -1, Config.PatchValues));
        if (normalizeTargets)
        {
            var mean = target.mean([-1], keepdim: true);
            var variance = target.var(-1, unbiased: true, keepdim: true);
            target = (target - mean) / variance.Plus(1e-6).sqrt();
        }
        return functional.mse_loss(pred, target);
    }

    /// <summary>The encoder sees the first ContextFrames frames; MSE in pixel space on the rest.</summary>
    public override Tensor FutureLoss(Tensor video, FutureLossTerms? terms = null) =>
        FutureError(Tubelets.Unpatchify(PredictTubelets(video.narrow(2, 0, Config.ContextFrames)), Config, Config.Frames - Config.ContextFrames), video, terms);

    public override Tensor Predict(Tensor context) =>
        Tubelets.Unpatchify(PredictTubelets(context), Config, Config.Frames - Config.ContextFrames).Clamped(0, 1);

    /// <summary>The visible tubelets as they are, the hidden ones predicted (as VideoMAE visualises normalized targets).</summary>
    public override Tensor Reconstruct(Tensor video, TubeMask mask, bool normalizedTargets = true)
    {
        var (visible, masked) = mask.ToIndices(video.device);
        var index = masked.unsqueeze(-1).expand(-1, -1, Config.PatchValues);
        var rows = Tubelets.Patchify(video, Config);
        var pred = Decode(encoder.Tokens(video, visible), visible, masked);                        // (B, Nm, PV)
        if (normalizedTargets)
        {
            var target = rows.gather(1, index);
            pred = (pred * target.var(-1, unbiased: true, keepdim: true).Plus(1e-6).sqrt()).Plus(target.mean([-1], keepdim: true));
        }
        return Tubelets.Unpatchify(rows.scatter(1, index, pred), Config, Config.Frames).Clamped(0, 1);
    }

    private Tensor PredictTubelets(Tensor context)
    {
        long b = context.shape[0], nc = Config.ContextTokens, nf = Config.Tokens - nc;
        var visible = TensorArithmetic.Range(0, nc, context.device).unsqueeze(0).expand(b, -1);           // (B, Nc)
        var targets = TensorArithmetic.Range(nc, nc + nf, context.device).unsqueeze(0).expand(b, -1);  // (B, Nf)
        return Decode(encoder.Tokens(context), visible, targets);
    }

    // Encoded visible tokens (B, Nv, D) → pixel predictions for the target tokens (B, Nt, PV).
    private Tensor Decode(Tensor encoded, Tensor visible, Tensor targets)
    {
        var (b, nt, dd) = (encoded.shape[0], targets.shape[1], (long)Config.DecoderDim);
        var pos = decoder_pos.expand(b, -1, -1);
        var x = decoder_embed.call(encoded).Plus(pos.gather(1, visible.unsqueeze(-1).expand(-1, -1, dd)));  // (B, Nv, Dd)
        var queries = mask_token.expand(b, nt, -1).Plus(pos.gather(1, targets.unsqueeze(-1).expand(-1, -1, dd))); // (B, Nt, Dd)
        x = cat([x, queries], 1);
        foreach (var block in decoder_blocks)
        {
            x = block.call(x);
        }
        return decoder_pred.call(decoder_norm.call(x.narrow(1, x.shape[1] - nt, nt)));
    }
}
