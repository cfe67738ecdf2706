using VideoSsl.Models;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Training.Tests.Supervised;

public class FutureFrameEvaluatorTests
{
    [Fact]
    public void Predictions_have_the_context_and_target_shapes_with_values_in_the_unit_range()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(4);
        var config = MotionToy.Config();
        using var model = new VideoMae(config);
        var shape = MotionToy.Shape();
        var (clips, _) = MotionToy.Clips(3, seed: 9);

        var results = FutureFrameEvaluator.Predict(model, clips, shape, CPU, batchSize: 2);

        Assert.Equal(3, results.Count);
        var frame = shape.FrameBytes;
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            Assert.Equal(new VideoSsl.Clips.ClipShape(config.ContextFrames, 16, 16, 1), r.ContextShape);
            Assert.Equal(config.Frames - config.ContextFrames, r.TargetShape.Frames);
            Assert.Equal(r.ContextShape.ClipBytes, r.Context.Length);
            Assert.Equal(r.TargetShape.ClipBytes, r.Target.Length);
            Assert.Equal(r.TargetShape.ClipBytes, r.Predicted.Length);
            Assert.All(r.Predicted, v => Assert.InRange(v, 0f, 1f));
            // Context and target are the clip's own frames on the [0, 1] scale.
            Assert.Equal(clips[i][..(config.ContextFrames * frame)].Select(b => b / 255f), r.Context);
            Assert.Equal(clips[i][(config.ContextFrames * frame)..(config.Frames * frame)].Select(b => b / 255f), r.Target);
        }
        Assert.True(model.training, "the model's train/eval mode is restored");
    }
}
