using VideoSsl.Models;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Training.Tests.Supervised;

public class FeatureExtractorTests
{
    [Fact]
    public void Features_have_one_row_of_encoder_width_per_clip_and_are_deterministic()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(3);
        using var model = new VideoMae(MotionToy.Config());
        var (clips, _) = MotionToy.Clips(5, seed: 1);

        var first = FeatureExtractor.Extract(model.Encoder, clips, MotionToy.Shape(), CPU, batchSize: 2);
        var second = FeatureExtractor.Extract(model.Encoder, clips, MotionToy.Shape(), CPU, batchSize: 2);

        Assert.Equal(5, first.Length);
        Assert.All(first, row => Assert.Equal(model.Config.Dim, row.Length));
        Assert.All(first, row => Assert.All(row, v => Assert.True(float.IsFinite(v))));
        Assert.Equal(first, second);
        Assert.NotEqual(first[0], first[1]);
    }

    [Fact]
    public void Clips_longer_than_the_model_are_cut_to_their_first_frames()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(3);
        using var model = new VideoMae(MotionToy.Config(frames: 8));
        var (longClips, _) = MotionToy.Clips(3, seed: 2, frames: 12);
        var shape = MotionToy.Shape(frames: 12);
        var firstFrames = longClips.Select(c => c[..(8 * shape.FrameBytes)]).ToList();

        var fromLong = FeatureExtractor.Extract(model.Encoder, longClips, shape, CPU);
        var fromCut = FeatureExtractor.Extract(model.Encoder, firstFrames, MotionToy.Shape(frames: 8), CPU);

        Assert.Equal(fromCut, fromLong);
    }

    [Fact]
    public void Clips_of_another_channel_count_are_refused()
    {
        TorchRuntime.EnsureLoaded();
        using var model = new VideoMae(MotionToy.Config());
        var rgb = new VideoSsl.Clips.ClipShape(8, 16, 16, 3);
        Assert.Throws<ArgumentException>(() => FeatureExtractor.Extract(model.Encoder, [new byte[rgb.ClipBytes]], rgb, CPU));
    }
}
