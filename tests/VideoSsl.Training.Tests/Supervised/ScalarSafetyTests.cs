using VideoSsl.Models;
using VideoSsl.Testing;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Training.Tests.Supervised;

/// <summary>The evaluator's tensor paths (fine-tuning, probe, features, future frames) never fail while collections run back to back: the Scalar/GC race of TorchSharp 0.107 is closed on them.</summary>
public class ScalarSafetyTests
{
    private static readonly TimeSpan Pressure = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(VideoArch.Conv)]
    [InlineData(VideoArch.Vit)]
    public void Fine_tuning_probing_and_future_frames_run_under_constant_collections(VideoArch arch)
    {
        TorchRuntime.EnsureLoaded();
        var (clips, labels) = MotionToy.Clips(8, seed: 9);
        var shape = MotionToy.Shape();
        var config = MotionToy.Config() with { Arch = arch, FrameChannels = 4, Kernel = 3 };
        var defaults = new FineTuneOptions();
        var options = defaults with { Steps = 3, BatchSize = 4, Optimizer = defaults.Optimizer with { WarmupSteps = 1, WeightDecay = 0.05 }, Augment = true, LabelSmoothing = 0.1, LayerDecay = 0.75, LogEvery = 1, Seed = 3 };
        using var model = VideoModel.Create(config);
        var outcome = GcPressure.Run(() =>
        {
            using (var classifier = FineTuner.Train(VideoModel.Create(config).Encoder, clips, shape, labels, 2, options))
            {
                Assert.All(FineTuner.Predict(classifier, clips, shape), row => Assert.All(row, v => Assert.True(float.IsFinite(v))));
            }
            var features = FeatureExtractor.Extract(model.Encoder, clips, shape, CPU);
            var probe = LinearProbe.Train(features, labels, 2, new LinearProbeOptions { Steps = 20 });
            Assert.Equal(clips.Count, probe.PredictLogits(features).Length);
            Assert.Equal(clips.Count, FutureFrameEvaluator.Predict(model, clips, shape, CPU).Count);
        }, Pressure, minRuns: 5);
        Assert.True(outcome.Failures == 0, outcome.ToString());
    }
}
