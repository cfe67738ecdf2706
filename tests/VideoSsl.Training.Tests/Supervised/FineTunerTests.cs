using TorchSharp;
using VideoSsl.Models;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Training.Tests.Supervised;

public class FineTunerTests
{
    private static readonly FineTuneOptions Quick = new()
    {
        Steps = 150, BatchSize = 8, Optimizer = new FineTuneOptions().Optimizer with { LearningRate = 1e-3, WarmupSteps = 10 }, Augment = false, LogEvery = 25, Seed = 7,
    };

    [Fact]
    public void Fine_tuning_a_scratch_encoder_learns_the_motion_toy()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(1);
        var (clips, labels) = MotionToy.Clips(32, seed: 5);
        var logged = new List<FineTuneStep>();

        using var classifier = FineTuner.Train(new VitEncoder(MotionToy.Config()), clips, MotionToy.Shape(), labels, 2, Quick, progress: logged.Add);
        var logits = FineTuner.Predict(classifier, clips, MotionToy.Shape());

        Assert.Equal(Enumerable.Range(1, 6).Select(i => i * 25), logged.Select(s => s.Step));
        Assert.True(logged[^1].Loss < logged[0].Loss, $"loss went {logged[0].Loss:F3} -> {logged[^1].Loss:F3}");
        var accuracy = MotionToy.Accuracy(logits, labels);
        Assert.True(accuracy > 0.9, $"train accuracy {accuracy:P0}");
        Assert.All(logits, row => Assert.Equal(2, row.Length));
    }

    [Fact]
    public void Fine_tuning_with_augmentation_label_smoothing_and_layer_decay_is_repeatable()
    {
        TorchRuntime.EnsureLoaded();
        var (clips, labels) = MotionToy.Clips(12, seed: 6, frames: 10, size: 20);
        var shape = MotionToy.Shape(frames: 10, size: 20);
        var options = Quick with { Steps = 4, Optimizer = Quick.Optimizer with { WarmupSteps = 1 }, Augment = true, LabelSmoothing = 0.1, LayerDecay = 0.75, LogEvery = 1 };
        float[][] Run()
        {
            manual_seed(2);
            var losses = new List<double>();
            using var classifier = FineTuner.Train(new VitEncoder(MotionToy.Config()), clips, shape, labels, 2, options, progress: s => losses.Add(s.Loss));
            Assert.Equal(4, losses.Count);
            return FineTuner.Predict(classifier, clips, shape);
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Live_tensor_count_returns_to_its_baseline_after_fine_tuning()
    {
        TorchRuntime.EnsureLoaded();
        var (clips, labels) = MotionToy.Clips(8, seed: 8);
        static long Leftover(Action action)
        {
            var baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            action();
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - baseline;
        }

        // Building and disposing the modules alone leaves a wrapper or two behind (in the Models constructors, not here);
        // training steps, the optimizer and prediction must add nothing to that, however many steps run.
        var construction = Leftover(() => new VideoClassifier(new VitEncoder(MotionToy.Config()), 2).Dispose());
        long FineTune(int steps) => Leftover(() =>
        {
            using var classifier = FineTuner.Train(new VitEncoder(MotionToy.Config()), clips, MotionToy.Shape(), labels, 2, Quick with { Steps = steps, Optimizer = Quick.Optimizer with { WarmupSteps = 1 }, LogEvery = 1 });
            FineTuner.Predict(classifier, clips, MotionToy.Shape(), batchSize: 3);
        });

        Assert.Equal(construction, FineTune(1));
        Assert.Equal(construction, FineTune(6));
    }

    [Fact]
    public void Classifier_parameter_names_are_the_ones_layer_decay_numbers()
    {
        // Layer-wise decay numbers parameters by name: encoder.patch_embed → 0, encoder.blocks.i → i + 1, the rest → depth + 1.
        TorchRuntime.EnsureLoaded();
        using var classifier = new VideoClassifier(new VitEncoder(MotionToy.Config()), 2);
        string[] prefixes = ["encoder.patch_embed.", "encoder.blocks.0.", "encoder.blocks.1.", "encoder.norm.", "head."];
        var names = classifier.named_parameters().Select(p => p.name).ToList();
        Assert.All(names, n => Assert.Contains(prefixes, p => n.StartsWith(p, StringComparison.Ordinal)));
        Assert.Equal(["feature_mean", "feature_scale"], classifier.named_buffers().Select(b => b.name).Where(n => !n.StartsWith("encoder.", StringComparison.Ordinal)).Order().ToArray());
        Assert.All(prefixes, p => Assert.Contains(names, n => n.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_classifier_started_from_a_probe_scores_clips_exactly_as_the_probe_does()
    {
        // LP-FT: the head reads features standardized the probe's way and starts with the probe's weights.
        TorchRuntime.EnsureLoaded();
        manual_seed(3);
        var (clips, labels) = MotionToy.Clips(12, seed: 4);
        var shape = MotionToy.Shape();
        using var classifier = new VideoClassifier(VideoModel.Create(MotionToy.Config() with { Arch = VideoArch.Conv, FrameChannels = 4, Kernel = 3 }).Encoder, 2);
        var features = FeatureExtractor.Extract(classifier.Encoder, clips, shape, CPU);
        var probe = LinearProbe.Train(features, labels, 2, new LinearProbeOptions { Steps = 50, L2 = 0.01 });

        classifier.InitializeHead(probe.Mean, probe.InverseStd, probe.Weight, probe.Bias);

        var expected = probe.PredictLogits(features);
        var actual = FineTuner.Predict(classifier, clips, shape);
        Assert.All(expected.Zip(actual), p => Assert.All(p.First.Zip(p.Second), v => Assert.Equal(v.First, v.Second, 1e-3)));
    }

    [Fact]
    public void Validation_clips_are_scored_at_validation_steps_only()
    {
        TorchRuntime.EnsureLoaded();
        var (clips, labels) = MotionToy.Clips(8, seed: 9);
        var (held, heldLabels) = MotionToy.Clips(4, seed: 10);
        var logged = new List<FineTuneStep>();
        using var classifier = FineTuner.Train(new VitEncoder(MotionToy.Config()), clips, MotionToy.Shape(), labels, 2,
            Quick with { Steps = 6, Optimizer = Quick.Optimizer with { WarmupSteps = 1 }, LogEvery = 2, ValidateEvery = 3 }, validation: new LabeledClipSet(held, heldLabels), progress: logged.Add);

        Assert.Equal([2, 3, 4, 6], logged.Select(s => s.Step));
        Assert.Equal([false, true, false, true], logged.Select(s => s.ValidationTop1 is not null));
        Assert.All(logged.Where(s => s.ValidationTop1 is not null), s => Assert.InRange(s.ValidationTop1!.Value, 0, 1));
    }

    [Fact]
    public void Flip_is_off_by_default_because_it_swaps_motion_classes()
    {
        Assert.Equal(0, new FineTuneOptions().FlipProbability);
        Assert.NotEmpty(new FineTuneOptions { Steps = 0 }.Validate());
    }
}
