namespace VideoSsl.Models;

/// <summary>A self-supervised video model of either family: both objectives, future-frame prediction, masked reconstruction, and the encoder that probes and fine-tuning use.</summary>
/// <remarks>Videos are float (B, C, T, H, W) in [0, 1] with the config's frames and size.</remarks>
public abstract class VideoModel : Module<Tensor, Tensor>
{
    protected VideoModel(string name, VideoModelConfig config) : base(name)
    {
        var problems = config.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid model config: " + string.Join("; ", problems), nameof(config));
        }
        Config = config;
    }

    /// <summary>The architecture.</summary>
    public VideoModelConfig Config { get; }

    /// <summary>The part that turns a whole clip into features: what probes read and fine-tuning trains.</summary>
    public abstract VideoEncoder Encoder { get; }

    /// <summary>Clip features (B, <see cref="VideoEncoder.FeatureDim"/>) of whole, unmasked clips.</summary>
    public override Tensor forward(Tensor video) => Encoder.Features(video);

    /// <summary>Masked objective: the hidden tubes of <paramref name="mask"/> are predicted from the rest; MSE on the hidden pixels only.</summary>
    /// <param name="normalizeTargets">Per-tubelet normalized pixel targets (VideoMAE); the conv family predicts raw pixels and ignores it.</param>
    public abstract Tensor MaskedLoss(Tensor video, TubeMask mask, bool normalizeTargets = true);

    /// <summary>Future-frame objective: the first ContextFrames frames in; MSE in pixel space on the rest.</summary>
    /// <param name="terms">What the loss adds up (see <see cref="FutureError"/>); null is plain pixel MSE.</param>
    public abstract Tensor FutureLoss(Tensor video, FutureLossTerms? terms = null);

    /// <summary>The future loss of predicted future frames <paramref name="predicted"/> (B, C, Tf, H, W) against the clip's own.</summary>
    /// <remarks>
    /// The mean squared error, or with <see cref="FutureLossTerms.Relative"/> the mean over clips of each clip's error divided by
    /// copy-last's error on it: the demo once mixed moving digits (copy-last error ≈ 0.017) with small actors on
    /// textured backgrounds (≈ 0.001), and in plain MSE the digits outweighed the actions seventeen to one; copy-last's
    /// error is floored at 1e-4 (a still clip) so a clip without motion cannot dominate either. With
    /// <see cref="FutureLossTerms.DifferenceWeight"/> &gt; 0, <c>weight × MSE</c> of the frame-to-frame changes (the first
    /// from the last context frame) is added: a prediction that fades the moving actor into the background makes changes
    /// that are too small, which pixel MSE alone tolerates. With <see cref="FutureLossTerms.SsimWeight"/> &gt; 0,
    /// <c>weight × (1 − SSIM)</c> of the predicted frames, clamped to [0, 1] as <see cref="Predict"/> returns them, is
    /// added: it punishes the faint haze an unsure model spreads over the background (<see cref="StructuralSimilarity"/>).
    /// </remarks>
    protected Tensor FutureError(Tensor predicted, Tensor video, FutureLossTerms? terms)
    {
        terms ??= FutureLossTerms.Mse;
        var target = video.narrow(2, Config.ContextFrames, Config.Frames - Config.ContextFrames);
        var loss = PixelError(predicted, target, video, terms.Relative);
        if (terms.DifferenceWeight > 0)
        {
            loss = loss.Plus(ChangeError(predicted, target, video).Times(terms.DifferenceWeight));
        }
        if (terms.SsimWeight > 0)
        {
            loss = loss.Plus(TensorArithmetic.Minus(1, StructuralSimilarity.Mean(predicted.Clamped(0, 1), target)).Times(terms.SsimWeight));
        }
        return loss;
    }

    private Tensor PixelError(Tensor predicted, Tensor target, Tensor video, bool relative)
    {
        if (!relative)
        {
            return functional.mse_loss(predicted, target); // one fused op forward and backward, where (p − t)², mean took three
        }
        var squaredError = (predicted - target).Squared();
        var b = squaredError.shape[0];
        var copyLast = (video.narrow(2, Config.ContextFrames - 1, 1) - target).Squared().reshape(b, -1).mean([1]); // (B)
        return (squaredError.reshape(b, -1).mean([1]) / copyLast.AtLeast(1e-4)).mean();
    }

    private Tensor ChangeError(Tensor predicted, Tensor target, Tensor video)
    {
        var future = target.shape[2];
        var previous = video.narrow(2, Config.ContextFrames - 1, future);                            // the frame before each target frame
        var predictedChange = predicted - cat([previous.narrow(2, 0, 1), predicted.narrow(2, 0, future - 1)], 2);
        var trueChange = target - previous;
        return (predictedChange - trueChange).Squared().mean();
    }

    /// <summary>Predicts the frames after <paramref name="context"/> (B, C, ContextFrames, H, W): (B, C, Frames − ContextFrames, H, W) in [0, 1].</summary>
    public abstract Tensor Predict(Tensor context);

    /// <summary>Reconstructs a whole clip from what <paramref name="mask"/> leaves visible, for rendering: (B, C, T, H, W) in [0, 1].</summary>
    /// <param name="normalizedTargets">The model was trained on per-tubelet normalized targets (ViT): predictions are mapped back to pixels with each true tubelet's mean and deviation.</param>
    public abstract Tensor Reconstruct(Tensor video, TubeMask mask, bool normalizedTargets = true);

    /// <summary>A freshly initialised model of the family <paramref name="config"/> names (initialised from torch's global generator).</summary>
    public static VideoModel Create(VideoModelConfig config) => config.Arch switch
    {
        VideoArch.Vit => new VideoMae(config),
        VideoArch.Conv => new ConvVideoModel(config),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Arch, "Unknown model family."),
    };
}

/// <summary>The encoder of a <see cref="VideoModel"/>: whole clips to one feature row each, with layer ids for layer-wise learning-rate decay.</summary>
public abstract class VideoEncoder : Module<Tensor, Tensor>
{
    protected VideoEncoder(string name, VideoModelConfig config) : base(name) => Config = config;

    /// <summary>The architecture.</summary>
    public VideoModelConfig Config { get; }

    /// <summary>Width of a clip's feature row.</summary>
    public abstract int FeatureDim { get; }

    /// <summary>Blocks between the embedding (layer 0) and the head (layer <c>Layers + 1</c>).</summary>
    public int Layers => Config.Depth;

    /// <summary>Frames of one view: the form the encoder saw clips in during pretraining (the conv model: the context frames; the ViT: whole clips).</summary>
    public abstract int ViewFrames { get; }

    /// <summary>
    /// Clip features for probes, fine-tuning and retrieval: (B, C, T, H, W) → (B, <see cref="FeatureDim"/>). A clip of
    /// several views (T = k · <see cref="ViewFrames"/>) is cut into its k consecutive views, and their features are averaged.
    /// </summary>
    public Tensor Features(Tensor video)
    {
        long b = video.shape[0], c = video.shape[1], t = video.shape[2], h = video.shape[3], w = video.shape[4];
        if (t < ViewFrames || t % ViewFrames != 0)
        {
            throw new ArgumentException($"A clip of {t} frames is not a whole number of {ViewFrames}-frame views.", nameof(video));
        }
        var views = t / ViewFrames;
        if (views == 1)
        {
            return ViewFeatures(video);
        }
        var stacked = video.reshape(b, c, views, ViewFrames, h, w).transpose(1, 2).reshape(b * views, c, ViewFrames, h, w);
        return ViewFeatures(stacked).reshape(b, views, -1).mean([1]);                                 // (B, F)
    }

    /// <summary>The frames of a clip the encoder reads for features: the most whole views that fit in <paramref name="clipFrames"/> and in <see cref="VideoModelConfig.Frames"/>.</summary>
    public int FeatureFrames(int clipFrames) => Math.Max(1, Math.Min(clipFrames, Config.Frames) / ViewFrames) * ViewFrames;

    /// <summary>Features of single views: (B, C, <see cref="ViewFrames"/>, H, W) → (B, <see cref="FeatureDim"/>).</summary>
    protected abstract Tensor ViewFeatures(Tensor view);

    /// <summary>Same as <see cref="Features"/>.</summary>
    public override Tensor forward(Tensor video) => Features(video);

    /// <summary>Layer id of one of this encoder's parameters (its name relative to the encoder): 0 for the embedding, i + 1 for block i, <c>Layers + 1</c> for the rest.</summary>
    public abstract int LayerOf(string parameterName);
}
