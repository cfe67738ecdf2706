using VideoSsl.Models;
using VideoSsl.Training.Supervised;

namespace VideoSsl.Training.Tests.Supervised;

public class LinearProbeTests
{
    // Three well-separated classes in 6 dimensions, with wildly different feature scales (standardization must cope).
    private static (float[][] Features, int[] Labels) Separable(int perClass, int seed)
    {
        var rng = new DeterministicRng((ulong)seed);
        float[] scales = [1000f, 0.001f, 1f, 5f, 1f, 1f];
        var features = new List<float[]>();
        var labels = new List<int>();
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < perClass; i++)
            {
                var row = new float[6];
                for (var k = 0; k < 6; k++)
                {
                    var centre = k == c ? 3.0 : 0.0;
                    row[k] = (float)((centre + rng.NextDouble(-1, 1)) * scales[k]);
                }
                features.Add(row);
                labels.Add(c);
            }
        }
        return ([.. features], [.. labels]);
    }

    [Fact]
    public void Probe_separates_linearly_separable_features_perfectly()
    {
        TorchRuntime.EnsureLoaded();
        var (train, trainLabels) = Separable(20, seed: 1);
        var (test, testLabels) = Separable(10, seed: 2);

        var probe = LinearProbe.Train(train, trainLabels, 3, new LinearProbeOptions { L2 = 1e-4 });

        Assert.Equal(trainLabels, probe.Predict(train));
        Assert.Equal(testLabels, probe.Predict(test));
        Assert.True(probe.TrainLoss < 0.1, $"train loss {probe.TrainLoss}");
        var logits = probe.PredictLogits(test);
        Assert.Equal(30, logits.Length);
        Assert.All(logits, row => Assert.Equal(3, row.Length));
    }

    [Fact]
    public void Probe_training_is_repeatable()
    {
        TorchRuntime.EnsureLoaded();
        var (train, labels) = Separable(10, seed: 3);
        var options = new LinearProbeOptions { Steps = 200 };

        var first = LinearProbe.Train(train, labels, 3, options).PredictLogits(train);
        var second = LinearProbe.Train(train, labels, 3, options).PredictLogits(train);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Mismatched_labels_are_refused()
    {
        var (train, labels) = Separable(4, seed: 4);
        Assert.Throws<ArgumentException>(() => LinearProbe.Train(train, labels[1..], 3));
        Assert.Throws<ArgumentException>(() => LinearProbe.Train(train, [.. labels.Select(l => l + 1)], 3));
    }
}

public class ProbeSelectionTests
{
    // 2 classes told apart by feature 0 alone, plus `noise` pure-noise features; `videos` videos per class, 2 clips each.
    private static (float[][] Features, int[] Labels, string[] Groups) Sample(int videos, int noise, int seed, double signal = 1.0)
    {
        var rng = new DeterministicRng((ulong)seed);
        var features = new List<float[]>();
        var labels = new List<int>();
        var groups = new List<string>();
        for (var c = 0; c < 2; c++)
        {
            for (var v = 0; v < videos; v++)
            {
                for (var clip = 0; clip < 2; clip++)
                {
                    var row = new float[1 + noise];
                    row[0] = (float)(((c * 2) - 1) * signal + rng.NextDouble(-1, 1));
                    for (var k = 1; k < row.Length; k++)
                    {
                        row[k] = (float)rng.NextDouble(-1, 1);
                    }
                    features.Add(row);
                    labels.Add(c);
                    groups.Add($"c{c}v{v}");
                }
            }
        }
        return ([.. features], [.. labels], [.. groups]);
    }

    [Fact]
    public void Folds_are_stratified_by_class_and_never_split_a_video()
    {
        var (_, labels, groups) = Sample(videos: 7, noise: 1, seed: 1);
        var fold = ProbeSelection.FoldOf(labels, groups, 5, seed: 3, out var folds);
        Assert.Equal(5, folds);
        Assert.All(groups.Zip(fold).GroupBy(p => p.First), g => Assert.Single(g.Select(p => p.Second).Distinct()));
        for (var k = 0; k < folds; k++)
        {
            Assert.All(new[] { 0, 1 }, c => Assert.Contains(Enumerable.Range(0, labels.Length), i => fold[i] == k && labels[i] == c));
        }
        int[] oneVideo = [0, 0, 0, 0, 1, 1];
        ProbeSelection.FoldOf(oneVideo, ["a", "a", "b", "c", "d", "d"], 5, seed: 3, out var few);
        Assert.Equal(1, few); // class 1 has a single video: no fold could hold it out and still train on the class
    }

    [Fact]
    public void Cross_validation_penalises_more_when_most_features_are_noise()
    {
        TorchRuntime.EnsureLoaded();
        var options = new ProbeSelectionOptions { Probe = new LinearProbeOptions { Steps = 150 } };
        var (noisy, noisyLabels, noisyGroups) = Sample(videos: 10, noise: 400, seed: 2, signal: 1.0);
        var (clean, cleanLabels, cleanGroups) = Sample(videos: 10, noise: 0, seed: 2, signal: 3);

        var forNoisy = ProbeSelection.Fit(noisy, noisyLabels, noisyGroups, 2, options, seed: 0);
        var forClean = ProbeSelection.Fit(clean, cleanLabels, cleanGroups, 2, options, seed: 0);

        Assert.Equal(5, forNoisy.Folds);
        Assert.Equal(options.Penalties.Count, forNoisy.Scores.Count);
        Assert.True(forNoisy.Penalty > forClean.Penalty || forClean.Scores.All(s => s.Accuracy == 1), $"noisy {forNoisy.Penalty}, clean {forClean.Penalty}");
        Assert.True(forNoisy.Penalty >= 1e-2, $"noisy features chose λ {forNoisy.Penalty}: {string.Join(", ", forNoisy.Scores)}");
        Assert.Equal(1.0, forClean.Scores.Max(s => s.Accuracy));
    }

    [Fact]
    public void One_video_per_class_falls_back_to_the_default_penalty()
    {
        TorchRuntime.EnsureLoaded();
        var (features, labels, groups) = Sample(videos: 1, noise: 3, seed: 4);
        var choice = ProbeSelection.Fit(features, labels, groups, 2, new ProbeSelectionOptions { DefaultPenalty = 0.05 }, seed: 0);
        Assert.Equal(0, choice.Folds);
        Assert.Equal(0.05, choice.Penalty);
        Assert.Empty(choice.Scores);
    }
}
