using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Models;

/// <summary>A video MAE: the encoder plus a light decoder, trained by tube-masked reconstruction and future-frame prediction.</summary>
/// <remarks>
/// Both objectives share one decoder: it gets the encoded visible tokens and one learned mask token for every token
/// to predict, each with its position embedding, and predicts the pixels of the latter. Videos are (B, C, T, H, W) in [0, 1].
/// </remarks>
public sealed class VideoMae : Module<Tensor, Tensor>
{
    private readonly VideoEncoder encoder;
    private readonly Linear decoder_embed;
    private readonly Parameter mask_token;
    private readonly ModuleList<TransformerBlock> decoder_blocks;
    private readonly LayerNorm decoder_norm;
    private readonly Linear decoder_pred;
    private readonly Tensor decoder_pos;

    public VideoMae(VideoMaeConfig config) : base(nameof(VideoMae))
    {
        var problems = config.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid model config: " + string.Join("; ", problems), nameof(config));
        }
        Config = config;
        encoder = new VideoEncoder(config);
        decoder_embed = Linear(config.Dim, config.DecoderDim);
        mask_token = Parameter(zeros(1, 1, config.DecoderDim));
        decoder_blocks = new ModuleList<TransformerBlock>([.. Enumerable.Range(0, config.DecoderDepth).Select(i => new TransformerBlock($"dblock{i}", config.DecoderDim, config.DecoderHeads, config.MlpRatio))]);
        decoder_norm = LayerNorm(config.DecoderDim);
        decoder_pred = Linear(config.DecoderDim, config.PatchValues);
        decoder_pos = SinusoidalPositions.Table(config.Tokens, config.DecoderDim);
        register_buffer(nameof(decoder_pos), decoder_pos);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The architecture.</summary>
    public VideoMaeConfig Config { get; }

    /// <summary>The encoder, for features and fine-tuning.</summary>
    public VideoEncoder Encoder => encoder;

    /// <summary>Mean-pooled encoder features of whole clips, no masking: (B, C, T, H, W) → (B, D).</summary>
    public override Tensor forward(Tensor video) => encoder.Features(video);

    /// <summary>Same as <see cref="forward(Tensor)"/>: clip features (B, D).</summary>
    public Tensor Features(Tensor video) => encoder.Features(video);

    /// <summary>Masked objective: MSE on the hidden tubelets only, against per-patch normalized pixels when <paramref name="normalizeTargets"/>.</summary>
    /// <param name="visible">(B, Nv) int64 token indices the encoder sees.</param>
    /// <param name="masked">(B, Nm) int64 token indices to reconstruct.</param>
    public Tensor MaskedLoss(Tensor video, Tensor visible, Tensor masked, bool normalizeTargets = true)
    {
        var pred = Decode(encoder.forward(video, visible), visible, masked);                       // (B, Nm, PV)
        var target = Tubelets.Patchify(video, Config).gather(1, masked.unsqueeze(-1).expand(-1, -1, Config.PatchValues));
        if (normalizeTargets)
        {
            var mean = target.mean([-1], keepdim: true);
            var variance = target.var(-1, unbiased: true, keepdim: true);
            target = (target - mean) / (variance + 1e-6).sqrt();
        }
        return functional.mse_loss(pred, target);
    }

    /// <summary>Future-frame objective: the encoder sees the first ContextFrames frames; MSE in pixel space on the rest.</summary>
    public Tensor FutureLoss(Tensor video)
    {
        var context = video.narrow(2, 0, Config.ContextFrames);
        var future = video.narrow(2, Config.ContextFrames, Config.Frames - Config.ContextFrames);
        return functional.mse_loss(PredictTubelets(context), Tubelets.Patchify(future, Config));
    }

    /// <summary>Predicts the frames after <paramref name="context"/> (B, C, ContextFrames, H, W): (B, C, Frames − ContextFrames, H, W) in [0, 1].</summary>
    public Tensor Predict(Tensor context) =>
        Tubelets.Unpatchify(PredictTubelets(context), Config, Config.Frames - Config.ContextFrames).clamp(0, 1);

    /// <summary>Reconstructs a whole clip from its visible tubelets, for rendering: (B, C, T, H, W) with the hidden tubelets predicted.</summary>
    /// <param name="normalizedTargets">The model was trained on per-patch normalized targets: predictions are mapped back
    /// to pixels with each true patch's mean and deviation (as VideoMAE visualises), so only their shape is the model's.</param>
    public Tensor Reconstruct(Tensor video, Tensor visible, Tensor masked, bool normalizedTargets = true)
    {
        var index = masked.unsqueeze(-1).expand(-1, -1, Config.PatchValues);
        var rows = Tubelets.Patchify(video, Config);
        var pred = Decode(encoder.forward(video, visible), visible, masked);                       // (B, Nm, PV)
        if (normalizedTargets)
        {
            var target = rows.gather(1, index);
            pred = (pred * (target.var(-1, unbiased: true, keepdim: true) + 1e-6).sqrt()) + target.mean([-1], keepdim: true);
        }
        return Tubelets.Unpatchify(rows.scatter(1, index, pred), Config, Config.Frames).clamp(0, 1);
    }

    private Tensor PredictTubelets(Tensor context)
    {
        long b = context.shape[0], nc = Config.ContextTokens, nf = Config.Tokens - nc;
        var visible = arange(nc, device: context.device).unsqueeze(0).expand(b, -1);           // (B, Nc)
        var targets = arange(nc, nc + nf, device: context.device).unsqueeze(0).expand(b, -1);  // (B, Nf)
        return Decode(encoder.forward(context, visible: null), visible, targets);
    }

    // Encoded visible tokens (B, Nv, D) → pixel predictions for the target tokens (B, Nt, PV).
    private Tensor Decode(Tensor encoded, Tensor visible, Tensor targets)
    {
        var (b, nt, dd) = (encoded.shape[0], targets.shape[1], (long)Config.DecoderDim);
        var pos = decoder_pos.expand(b, -1, -1);
        var x = decoder_embed.call(encoded) + pos.gather(1, visible.unsqueeze(-1).expand(-1, -1, dd));  // (B, Nv, Dd)
        var queries = mask_token.expand(b, nt, -1) + pos.gather(1, targets.unsqueeze(-1).expand(-1, -1, dd)); // (B, Nt, Dd)
        x = cat([x, queries], 1);
        foreach (var block in decoder_blocks)
        {
            x = block.call(x);
        }
        return decoder_pred.call(decoder_norm.call(x.narrow(1, x.shape[1] - nt, nt)));
    }

    private void InitializeWeights()
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else if (name.Contains("norm", StringComparison.Ordinal) && name.EndsWith("weight", StringComparison.Ordinal))
            {
                parameter.fill_(1);
            }
            else if (parameter.dim() >= 2)
            {
                // Conv3d weights are initialised like a Linear over the flattened tubelet, as in MAE.
                init.xavier_uniform_(parameter.view(parameter.shape[0], -1));
            }
        }
        init.normal_(mask_token, std: 0.02);
    }
}
