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

        var probe = LinearProbe.Train(train, trainLabels, 3);

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
