namespace VideoSsl.Models;

/// <summary>The convolutional video model (SimVP-style): <see cref="ConvEncoder"/> over the context, a read-out of the future frames' states, a per-frame decoder.</summary>
/// <remarks>
/// Only what a loss uses is computed (SimVP): the encoder embeds the ContextFrames context frames, the translator's
/// output (Tc·h channels) is read out as the states of the Tf future frames (a 1×1 conv across every context frame's
/// channels), and only those frames are decoded. The decoder sees each future frame's state and the last context
/// frame's patch embedding — so appearance need not travel through the translator — and predicts each P×P patch as a
/// change from the last context frame. The masked objective hides tubes of the context window and decodes every
/// context frame from its own state and (filled) embedding; its loss is on the hidden pixels only.
/// </remarks>
public sealed class ConvVideoModel : VideoModel
{
    private readonly ConvEncoder encoder;
    private readonly Conv2d to_future;
    private readonly Conv2d decoder_mix;
    private readonly Conv2d decoder_pred;
    private readonly bool _timeMixing;

    public ConvVideoModel(VideoModelConfig config) : this(config, timeMixing: true)
    {
    }

    /// <summary>With <paramref name="timeMixing"/> false no layer ever mixes frames (the translator works frame by frame and the future is read from the last context frame alone): the ablation the tests train to show the time mixing is what predicts motion.</summary>
    internal ConvVideoModel(VideoModelConfig config, bool timeMixing) : base(nameof(ConvVideoModel), config)
    {
        _timeMixing = timeMixing;
        var h = config.FrameChannels;
        encoder = new ConvEncoder(config, timeMixing);
        to_future = Conv2d((timeMixing ? config.ContextFrames : 1) * h, FutureFrames * h, 1);
        decoder_mix = Conv2d(h + config.Dim, config.Dim, 3, padding: 1);
        decoder_pred = Conv2d(config.Dim, config.Channels * config.PatchSize * config.PatchSize, 1);
        RegisterComponents();
        WeightInit.NormsOnly(this);
        encoder.ScaleResiduals(0.1);
    }

    /// <summary>Patch embedding and translator over the context; clip features are its last block's MLP activation max-pooled over space.</summary>
    public override VideoEncoder Encoder => encoder;

    private int FutureFrames => Config.Frames - Config.ContextFrames;

    /// <summary>MSE on the hidden pixels of the context window (the first ContextFrames frames), in pixel space.</summary>
    public override Tensor MaskedLoss(Tensor video, TubeMask mask, bool normalizeTargets = true)
    {
        var context = video.narrow(2, 0, Config.ContextFrames);
        var visible = mask.ToPixels(Config, video.device).narrow(2, 0, Config.ContextFrames);    // (B, 1, Tc, H, W)
        var hidden = TensorArithmetic.Minus(1, visible);
        var error = (DecodeContext(context, visible) - context).Squared() * hidden;
        return error.sum() / hidden.sum().Times(Config.Channels).AtLeast(1);
    }

    public override Tensor FutureLoss(Tensor video, FutureLossTerms? terms = null) =>
        FutureError(PredictFuture(video.narrow(2, 0, Config.ContextFrames)), video, terms);

    public override Tensor Predict(Tensor context) => PredictFuture(context).Clamped(0, 1);

    /// <summary>The context window with its hidden tubes predicted (the visible pixels as they are); later frames as given.</summary>
    public override Tensor Reconstruct(Tensor video, TubeMask mask, bool normalizedTargets = true)
    {
        var context = video.narrow(2, 0, Config.ContextFrames);
        var visible = mask.ToPixels(Config, video.device).narrow(2, 0, Config.ContextFrames);
        var filled = (context * visible).Plus(DecodeContext(context, visible) * TensorArithmetic.Minus(1, visible)).Clamped(0, 1);
        return cat([filled, video.narrow(2, Config.ContextFrames, FutureFrames)], 2);
    }

    // (B, C, Tc, H, W) context → (B, C, Tf, H, W) future frames, as changes from the last context frame (not clamped).
    private Tensor PredictFuture(Tensor context)
    {
        var (embedded, hidden) = encoder.Encode(context, null);                                     // (B·Tc, D, s, s), (B, Tc·h, s, s)
        long b = context.shape[0], s = hidden.shape[2], tc = Config.ContextFrames, tf = FutureFrames, h = Config.FrameChannels;
        var source = _timeMixing ? hidden : hidden.narrow(1, (tc - 1) * h, h);
        var states = ChannelsLast.UnstackFrames(to_future.call(source), tf);                        // (B·Tf, h, s, s)
        var last = embedded.view(b, tc, Config.Dim, s, s).narrow(1, tc - 1, 1).expand(-1, tf, -1, -1, -1) // (B·Tf, D, s, s): the last frame's, channels-last
            .permute(0, 1, 3, 4, 2).reshape(b * tf, s, s, Config.Dim).permute(0, 3, 1, 2);
        using var quarter = Scalars.Of(0.25);
        return context.narrow(2, tc - 1, 1).add(Pixels(states, last, b), quarter);               // last frame + change / 4
    }

    // Every context frame decoded from its own translated state and (filled) patch embedding: (B, C, Tc, H, W) pixels.
    private Tensor DecodeContext(Tensor context, Tensor visible)
    {
        var (embedded, hidden) = encoder.Encode(context, visible);
        long b = context.shape[0], tc = Config.ContextFrames;
        return Pixels(ChannelsLast.UnstackFrames(hidden, tc), embedded, b).Times(0.25).Plus(0.5);
    }

    // (B·T, h, s, s) states and (B·T, D, s, s) embeddings, channels-last → (B, C, T, H, W), in units of a quarter of the pixel range.
    private Tensor Pixels(Tensor states, Tensor embedded, long b)
    {
        var patches = decoder_pred.call(functional.gelu(decoder_mix.call(ChannelsLast.Concat(states, embedded)))); // (B·T, C·P·P, s, s)
        return ChannelsLast.Unpatchify(patches, b, Config.Channels, Config.PatchSize);
    }
}
