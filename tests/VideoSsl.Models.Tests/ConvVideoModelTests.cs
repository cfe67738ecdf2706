using VideoSsl.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace VideoSsl.Models.Tests;

/// <summary>The conv family: shapes, parameter count, both objectives learning, and the time mixing being what predicts motion.</summary>
public class ConvVideoModelTests
{
    public ConvVideoModelTests()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(2);
    }

    private static VideoModelConfig Small(int channels = 1) => Synthetic.Config(channels: channels) with
    {
        Arch = VideoArch.Conv, Dim = 32, Depth = 2, MlpRatio = 2, FrameChannels = 8, Kernel = 3,
    };

    [Fact]
    public void Tiny_preset_has_the_parameter_count_its_layers_add_up_to()
    {
        var config = VideoModelConfig.ConvTiny;
        Assert.Empty(config.Validate());
        using var model = VideoModel.Create(config);
        Assert.IsType<ConvVideoModel>(model);
        long d = config.Dim, c = config.Channels, p = config.PatchSize, h = config.FrameChannels, k = config.Kernel;
        long tc = config.ContextFrames, tf = config.Frames - config.ContextFrames, ch = tc * h;          // the translator sees the context only
        var embed = (((c + 1) * p * p * d) + d) + (2 * d) + ((d * h) + h) + c;                        // patch embed, norm, to frames, fill
        var block = ((ch * k * k) + ch) + (2 * ch) + ((ch * 2 * ch) + (2 * ch)) + ((2 * ch * ch) + ch); // spatial, norm, mix1, mix2
        var toFuture = (ch * tf * h) + (tf * h);
        var decoder = (((h + d) * d * 9) + d) + ((d * c * p * p) + (c * p * p));
        Assert.Equal(embed + (config.Depth * block) + toFuture + decoder, model.parameters().Sum(t => t.numel()));
        Assert.Equal(config.ContextFrames * config.FrameChannels * 2, model.Encoder.FeatureDim);   // the last block's MLP, ratio 2
    }

    [Fact]
    public void Outputs_have_the_documented_shapes()
    {
        using var scope = NewDisposeScope();
        var config = Small(channels: 3);
        using var model = VideoModel.Create(config);
        model.eval();
        using var _ = no_grad();
        var video = rand(new long[] { 2, 3, config.Frames, config.ImageSize, config.ImageSize });
        var mask = TubeMask.Sample(config, 2, 0.75, new DeterministicRng(1));
        Assert.Equal(new long[] { 2, model.Encoder.FeatureDim }, model.Encoder.Features(video).shape);
        Assert.Equal(new long[] { 2, 3, config.Frames - config.ContextFrames, config.ImageSize, config.ImageSize },
            model.Predict(video.narrow(2, 0, config.ContextFrames)).shape);
        var reconstructed = model.Reconstruct(video, mask);
        Assert.Equal(video.shape, reconstructed.shape);
        var visible = mask.ToPixels(config, video.device).expand_as(video);
        Assert.True(reconstructed.masked_select(visible.to_type(ScalarType.Bool)).allclose(video.masked_select(visible.to_type(ScalarType.Bool))));
        Assert.Equal(0, model.MaskedLoss(video, mask).dim());
        Assert.Equal(0, model.FutureLoss(video, new FutureLossTerms(Relative: true)).dim());
    }

    [Fact]
    public void Future_prediction_ignores_the_hidden_frames()
    {
        using var scope = NewDisposeScope();
        var config = Small();
        using var model = VideoModel.Create(config);
        model.eval();
        using var _ = no_grad();
        var video = Synthetic.Video(config, batch: 2);
        var scrambled = cat([video.narrow(2, 0, config.ContextFrames), rand_like(video.narrow(2, config.ContextFrames, config.Frames - config.ContextFrames))], 2);
        Assert.True(model.Predict(video.narrow(2, 0, config.ContextFrames)).allclose(model.Predict(scrambled.narrow(2, 0, config.ContextFrames))));
        var loss = model.FutureLoss(video);
        Assert.NotEqual(loss.item<float>(), model.FutureLoss(scrambled).item<float>()); // the targets differ, the prediction does not
    }

    [Theory]
    [InlineData("masked")]
    [InlineData("future")]
    public void Each_objective_loss_falls_within_forty_steps(string objective)
    {
        manual_seed(0);
        using var model = VideoModel.Create(Small());
        var (first, last) = ObjectiveTraining.FirstAndLastLosses(model, objective, lr: 3e-3, relative: true);
        Assert.True(last < 0.7 * first, $"{objective} loss {first:F4} → {last:F4}");
    }

    [Fact]
    public void Constant_speed_translation_beats_copy_last_only_with_time_mixing()
    {
        var (mixing, copyLast) = TrainOnTranslation(timeMixing: true);
        var (frameByFrame, _) = TrainOnTranslation(timeMixing: false);
        // The motion's direction is only in how the context frames differ: a model that sees each frame alone can at
        // best blur the square over the directions it might take (about half copy-last's error for a square).
        Assert.True(mixing < 0.35 * copyLast, $"with time mixing {mixing:F5} vs copy-last {copyLast:F5}");
        Assert.True(frameByFrame > 0.45 * copyLast, $"without time mixing {frameByFrame:F5} vs copy-last {copyLast:F5}");
        Assert.True(mixing < 0.6 * frameByFrame, $"time mixing {mixing:F5} vs frame by frame {frameByFrame:F5}");
    }

    [Fact]
    public void Live_tensor_count_returns_to_its_baseline_after_training_steps()
    {
        using var model = VideoModel.Create(Small());
        var (baseline, after) = ObjectiveTraining.LiveTensorsAcrossSteps(model, relative: true);
        Assert.Equal(baseline, after);
    }

    // Trains on squares moving one pixel per frame in one of six directions (fresh clips every step), then returns the
    // model's and copy-last's future MSE on held-out clips.
    private static (float Model, float CopyLast) TrainOnTranslation(bool timeMixing)
    {
        manual_seed(0);
        var config = Small();
        using var model = new ConvVideoModel(config, timeMixing);
        using var optimizer = new SafeAdamW(model.parameters(), lr: 3e-3, beta1: 0.9, beta2: 0.95);
        for (var step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            model.FutureLoss(Synthetic.Video(config, batch: 16, seed: 100 + step)).backward();
            optimizer.step();
        }
        model.eval();
        using var _ = no_grad();
        using var held = NewDisposeScope();
        var video = Synthetic.Video(config, batch: 64, seed: 7);
        var future = video.narrow(2, config.ContextFrames, config.Frames - config.ContextFrames);
        var predicted = model.Predict(video.narrow(2, 0, config.ContextFrames));
        var copy = video.narrow(2, config.ContextFrames - 1, 1).expand_as(future);
        return (nn.functional.mse_loss(predicted, future).item<float>(), nn.functional.mse_loss(copy, future).item<float>());
    }

    private const int Steps = 300;
}
