using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Models;

/// <summary>The convolutional video model: <see cref="ConvEncoder"/> plus a per-frame decoder, one model for both objectives.</summary>
/// <remarks>
/// Every objective is "predict the hidden pixels": the tube mask hides the same patches in every frame; the future
/// objective hides every frame after the context. The decoder sees each frame's translated state and a patch
/// embedding — a hidden future frame gets the last context frame's, so appearance need not travel through the
/// translator — and predicts each P×P patch's pixels; future frames are predicted as a change from the last context frame.
/// </remarks>
public sealed class ConvVideoModel : VideoModel
{
    private readonly ConvEncoder encoder;
    private readonly Conv2d decoder_mix;
    private readonly Conv2d decoder_pred;

    public ConvVideoModel(VideoModelConfig config) : this(config, timeMixing: true)
    {
    }

    /// <summary>With <paramref name="timeMixing"/> false, the translator never mixes frames: the ablation the tests train to show the time mixing is what predicts motion.</summary>
    internal ConvVideoModel(VideoModelConfig config, bool timeMixing) : base(nameof(ConvVideoModel), config)
    {
        encoder = new ConvEncoder(config, timeMixing);
        decoder_mix = Conv2d(config.FrameChannels + config.Dim, config.Dim, 3, padding: 1);
        decoder_pred = Conv2d(config.Dim, config.Channels * config.PatchSize * config.PatchSize, 1);
        RegisterComponents();
        WeightInit.NormsOnly(this);
        encoder.ScaleResiduals(0.1);
    }

    /// <summary>Patch embedding and translator; clip features are its output max-pooled over space.</summary>
    public override VideoEncoder Encoder => encoder;

    /// <summary>MSE on the hidden pixels, in pixel space.</summary>
    public override Tensor MaskedLoss(Tensor video, TubeMask mask, bool normalizeTargets = true)
    {
        var visible = mask.ToPixels(Config, video.device);                                          // (B, 1, T, H, W)
        var hidden = TensorArithmetic.Minus(1, visible);
        var error = (Decode(video, visible, lastContext: -1) - video).square() * hidden;
        return error.sum() / hidden.sum().Times(Config.Channels).AtLeast(1);
    }

    public override Tensor FutureLoss(Tensor video, bool relative = false)
    {
        var future = Config.Frames - Config.ContextFrames;
        var predicted = Decode(video, FutureVisibility(video), Config.ContextFrames - 1).narrow(2, Config.ContextFrames, future);
        return FutureError((predicted - video.narrow(2, Config.ContextFrames, future)).square(), video, relative);
    }

    public override Tensor Predict(Tensor context)
    {
        var (b, c, size) = (context.shape[0], context.shape[1], context.shape[3]);
        var future = Config.Frames - Config.ContextFrames;
        var video = cat([context, zeros([b, c, future, size, size], device: context.device)], 2);    // the future is hidden: its values are never read
        return Decode(video, FutureVisibility(video), Config.ContextFrames - 1).narrow(2, Config.ContextFrames, future).Clamped(0, 1);
    }

    /// <summary>The visible pixels as they are, the hidden tubes predicted.</summary>
    public override Tensor Reconstruct(Tensor video, TubeMask mask, bool normalizedTargets = true)
    {
        var visible = mask.ToPixels(Config, video.device);
        return (video * visible).Plus(Decode(video, visible, lastContext: -1) * TensorArithmetic.Minus(1, visible)).Clamped(0, 1);
    }

    // (B, 1, T, H, W): the context frames visible, the rest hidden.
    private Tensor FutureVisibility(Tensor video)
    {
        var visible = zeros([video.shape[0], 1, video.shape[2], video.shape[3], video.shape[4]], device: video.device);
        visible.narrow(2, 0, Config.ContextFrames).fill_(Scalars.One);
        return visible;
    }

    // Pixels of every frame (B, C, T, H, W). With lastContext ≥ 0 the frames after it are the future: they take that
    // frame's patch embedding and are predicted as a change from it.
    private Tensor Decode(Tensor video, Tensor visible, int lastContext)
    {
        var (embedded, hidden) = encoder.Encode(video, visible);                                    // (B·T, D, s, s), (B, T·h, s, s)
        long b = video.shape[0], t = Config.Frames, s = hidden.shape[2], p = Config.PatchSize;
        if (lastContext >= 0)
        {
            var frames = embedded.reshape(b, t, Config.Dim, s, s);
            var last = frames.narrow(1, lastContext, 1).expand(-1, t - lastContext - 1, -1, -1, -1);
            embedded = cat([frames.narrow(1, 0, lastContext + 1), last], 1).reshape(b * t, Config.Dim, s, s);
        }
        var state = hidden.reshape(b * t, Config.FrameChannels, s, s);
        var patches = decoder_pred.call(functional.gelu(decoder_mix.call(cat([state, embedded], 1)))); // (B·T, C·P·P, s, s)
        var change = functional.pixel_shuffle(patches, p).reshape(b, t, Config.Channels, s * p, s * p).transpose(1, 2).Times(0.25);
        if (lastContext < 0)
        {
            return change.Plus(0.5);
        }
        var future = t - lastContext - 1;
        var basis = cat([TensorArithmetic.Full([b, Config.Channels, lastContext + 1, s * p, s * p], 0.5, video.device),
                         video.narrow(2, lastContext, 1).expand(-1, -1, future, -1, -1)], 2);       // (B, C, T, H, W)
        return basis.Plus(change);
    }
}
