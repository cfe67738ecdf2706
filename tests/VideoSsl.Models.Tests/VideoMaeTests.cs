using VideoSsl.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace VideoSsl.Models.Tests;

public class VideoMaeTests
{
    public VideoMaeTests()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(2);
    }

    [Fact]
    public void Tiny_preset_has_640_tokens_at_20x64x64()
    {
        var config = VideoModelConfig.Tiny;
        Assert.Empty(config.Validate());
        Assert.Equal(640, config.Tokens);
        Assert.Equal(2 * 8 * 8 * 3, config.PatchValues);
        Assert.Equal(320, config.ContextTokens);
    }

    [Fact]
    public void Invalid_config_lists_every_problem()
    {
        var problems = (VideoModelConfig.Tiny with { Frames = 7, Dim = 100, Heads = 3, ContextFrames = 20 }).Validate();
        Assert.Contains(problems, p => p.Contains("frames (7)"));
        Assert.Contains(problems, p => p.Contains("dim (100)"));
        Assert.Contains(problems, p => p.Contains("context frames"));
    }

    [Fact]
    public void Patchify_and_unpatchify_round_trip()
    {
        using var scope = NewDisposeScope();
        var config = Synthetic.Config(channels: 3);
        var video = rand(new long[] { 2, 3, config.Frames, config.ImageSize, config.ImageSize });
        var rows = Tubelets.Patchify(video, config);
        Assert.Equal(new long[] { 2, config.Tokens, config.PatchValues }, rows.shape);
        Assert.True(Tubelets.Unpatchify(rows, config, config.Frames).equal(video).all().item<bool>());
    }

    [Fact]
    public void Clip_bytes_round_trip_through_tensors()
    {
        var bytes = Synthetic.MovingSquares(2, 4, 8, 3, seed: 3);
        using var video = Tubelets.FromClipBytes(bytes, 2, 4, 8, 8, 3, CPU);
        Assert.Equal(new long[] { 2, 3, 4, 8, 8 }, video.shape);
        Assert.Equal(bytes, Tubelets.ToClipBytes(video));
    }

    [Fact]
    public void Outputs_have_the_documented_shapes()
    {
        using var scope = NewDisposeScope();
        var config = Synthetic.Config();
        using var model = new VideoMae(config);
        model.eval();
        using var _ = no_grad();
        var video = Synthetic.Video(config, batch: 3);
        Assert.Equal(new long[] { 3, config.Tokens, config.Dim }, ((VitEncoder)model.Encoder).Tokens(video).shape);
        Assert.Equal(new long[] { 3, config.Dim }, model.call(video).shape);

        var context = video.narrow(2, 0, config.ContextFrames);
        var predicted = model.Predict(context);
        Assert.Equal(new long[] { 3, 1, config.Frames - config.ContextFrames, config.ImageSize, config.ImageSize }, predicted.shape);
        Assert.True(predicted.min().item<float>() >= 0 && predicted.max().item<float>() <= 1);

        var mask = TubeMask.Sample(config, 3, 0.75, new DeterministicRng(1));
        var reconstructed = model.Reconstruct(video, mask);
        Assert.Equal(video.shape, reconstructed.shape);
        Assert.Equal(0, model.MaskedLoss(video, mask).dim());

        using var classifier = new VideoClassifier(model.Encoder, classes: 5);
        Assert.Equal(new long[] { 3, 5 }, classifier.call(video).shape);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.75)]
    [InlineData(0.5)]
    public void Tube_mask_hides_the_same_positions_in_every_time_slot(double ratio)
    {
        var config = Synthetic.Config(frames: 8, size: 32); // 4 time slots of 8×8 = 64 positions
        var mask = TubeMask.Sample(config, 4, ratio, new DeterministicRng(7));
        var hidden = (int)Math.Round(ratio * config.SpatialTokens);
        for (var b = 0; b < 4; b++)
        {
            Assert.Equal(config.GridT * hidden, mask.Masked[b].Length);
            Assert.Equal(config.Tokens, mask.Masked[b].Length + mask.Visible[b].Length);
            Assert.Equal(Enumerable.Range(0, config.Tokens), mask.Masked[b].Concat(mask.Visible[b]).Order());
            var slots = mask.Masked[b].GroupBy(i => i / config.SpatialTokens).Select(g => g.Select(i => i % config.SpatialTokens).ToArray()).ToList();
            Assert.Equal(config.GridT, slots.Count);
            Assert.All(slots, s => Assert.Equal(slots[0], s));
        }
        Assert.NotEqual(mask.Masked[0], mask.Masked[1]); // clips get different masks
    }

    [Fact]
    public void Masked_objective_loss_falls()
    {
        var losses = Train(objective: "masked");
        Assert.True(losses[^1] < 0.7 * losses[0], $"masked loss went {losses[0]:F4} -> {losses[^1]:F4}");
    }

    [Fact]
    public void Future_objective_loss_falls()
    {
        var losses = Train(objective: "future");
        Assert.True(losses[^1] < 0.5 * losses[0], $"future loss went {losses[0]:F4} -> {losses[^1]:F4}");
    }

    [Fact]
    public void Future_head_learns_to_carry_a_still_scene_forward()
    {
        // "Loss falls" can be met by predicting the average frame. Here the future equals the last context frame, which
        // differs per clip, so only a model whose decoder queries fetch the content of the right context tokens gets
        // far below the loss of predicting the batch's mean frame.
        manual_seed(0);
        var config = VideoModelConfig.Tiny with { Frames = 8, ImageSize = 32, Channels = 1, PatchSize = 8, ContextFrames = 4, DecoderDim = 128, DecoderHeads = 4 };
        using var model = new VideoMae(config);
        using var optimizer = new SafeAdamW(model.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.95);
        float loss = 0, meanFrameLoss = 0;
        for (var step = 1; step <= 500; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var blocks = rand(new long[] { 16, 1, 4, 4 });                                              // a random 4×4 image per clip
            var video = nn.functional.interpolate(blocks, new long[] { 32, 32 }, mode: InterpolationMode.Nearest)
                .unsqueeze(2).expand(-1, -1, config.Frames, -1, -1).contiguous();                         // held still for 8 frames
            var objective = model.FutureLoss(video);
            objective.backward();
            optimizer.step();
            if (step > 490)
            {
                var future = video.narrow(2, config.ContextFrames, config.Frames - config.ContextFrames);
                loss += objective.item<float>() / 10;
                meanFrameLoss += nn.functional.mse_loss(future.mean([0], keepdim: true).expand_as(future), future).item<float>() / 10;
            }
        }
        Assert.True(loss < 0.2 * meanFrameLoss, $"future loss {loss:F4} vs {meanFrameLoss:F4} for the batch's mean frame");
    }

    [Fact]
    public void Live_tensor_count_returns_to_its_baseline_after_training_steps()
    {
        using var model = new VideoMae(Synthetic.Config());
        var (baseline, after) = ObjectiveTraining.LiveTensorsAcrossSteps(model);
        Assert.Equal(baseline, after);
    }

    private static List<float> Train(string objective)
    {
        manual_seed(0);
        using var model = new VideoMae(Synthetic.Config());
        var (first, last) = ObjectiveTraining.FirstAndLastLosses(model, objective, lr: 2e-3);
        return [first, last];
    }
}
