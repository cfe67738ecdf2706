using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Training.Supervised;

/// <summary>How a linear probe is trained: L2-regularized multinomial logistic regression on standardized features, full-batch Adam.</summary>
public sealed record LinearProbeOptions
{
    /// <summary>Full-batch optimizer steps (labeled sets here are at most a few hundred clips, so every step sees them all).</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Peak Adam learning rate (warmup, then cosine to 1 % of it).</summary>
    public double LearningRate { get; init; } = 0.03;

    /// <summary>λ of the penalty λ/2·‖W‖² added to the mean cross-entropy (the bias is not penalised); <see cref="ProbeSelection"/> chooses it by cross-validation.</summary>
    public double L2 { get; init; } = 1e-3;

    /// <summary>Added to the feature variance before the square root, as BatchNorm's eps (1e-6 in MAE's probe head).</summary>
    public double Epsilon { get; init; } = 1e-6;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Steps < 1)
        {
            problems.Add($"steps: {Steps} must be at least 1");
        }
        if (LearningRate <= 0 || L2 < 0 || Epsilon <= 0)
        {
            problems.Add("learning rate and epsilon must be positive, L2 not negative");
        }
        return problems;
    }
}

/// <summary>A trained linear classifier on standardized frozen features: logits = W·((x − mean) / std) + b, held as plain arrays.</summary>
/// <remarks>
/// Standardizing with the training set's mean and deviation is what MAE and VideoMAE linear probing do with a
/// BatchNorm without affine parameters in front of the head (its statistics, frozen after training, are the train
/// set's). Training has no randomness: the weights start at zero and every step uses the whole set, and the loss is
/// convex, so the probe is a function of the features, labels and options alone. Prediction needs no tensors.
/// </remarks>
public sealed class LinearProbe
{
    private readonly float[] _mean;
    private readonly float[] _inverseStd;
    private readonly float[][] _weight;
    private readonly float[] _bias;

    private LinearProbe(float[] mean, float[] inverseStd, float[][] weight, float[] bias, double trainLoss)
    {
        _mean = mean;
        _inverseStd = inverseStd;
        _weight = weight;
        _bias = bias;
        TrainLoss = trainLoss;
    }

    /// <summary>Feature width.</summary>
    public int Dim => _mean.Length;

    public int Classes => _bias.Length;

    /// <summary>Mean cross-entropy plus the L2 penalty on the training features after the last step.</summary>
    public double TrainLoss { get; }

    /// <summary>Fits a probe to <paramref name="trainFeatures"/> (N rows of D) with labels in [0, <paramref name="classes"/>).</summary>
    public static LinearProbe Train(float[][] trainFeatures, int[] trainLabels, int classes, LinearProbeOptions? options = null)
    {
        options ??= new LinearProbeOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid linear probe options: " + string.Join("; ", problems), nameof(options));
        }
        var (n, d) = CheckFeatures(trainFeatures);
        if (trainLabels.Length != n)
        {
            throw new ArgumentException($"{n} feature rows but {trainLabels.Length} labels.", nameof(trainLabels));
        }
        if (classes < 2 || trainLabels.Any(l => l < 0 || l >= classes))
        {
            throw new ArgumentException($"Labels must lie in [0, {classes}) with at least 2 classes.", nameof(trainLabels));
        }
        var (mean, inverseStd) = Standardizer(trainFeatures, d, options.Epsilon);
        using var scope = NewDisposeScope();
        var x = tensor(Standardize(trainFeatures, mean, inverseStd), [1, n, d]);                  // (1, N, D)
        var (weight, bias, loss) = ProbeSolver.Fit(x, [.. trainLabels.Select(l => (long)l)], ones(1, n), [options.L2], classes, options.Steps, options.LearningRate);
        return FromSolution(mean, inverseStd, weight, bias, classes, d, loss[0]);
    }

    /// <summary>A probe from solved weights (C·D, row-major) and biases (C) on features standardized with <paramref name="mean"/> and <paramref name="inverseStd"/>.</summary>
    internal static LinearProbe FromSolution(float[] mean, float[] inverseStd, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int classes, int d, double trainLoss)
    {
        var rows = new float[classes][];
        for (var c = 0; c < classes; c++)
        {
            rows[c] = weight.Slice(c * d, d).ToArray();
        }
        return new LinearProbe(mean, inverseStd, rows, bias[..classes].ToArray(), trainLoss);
    }

    /// <summary>Per-feature mean of the training rows the probe standardizes with.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>Per-feature 1 / standard deviation of the training rows the probe standardizes with.</summary>
    public IReadOnlyList<float> InverseStd => _inverseStd;

    /// <summary>Class weights on standardized features, (C rows of D).</summary>
    public IReadOnlyList<float[]> Weight => _weight;

    /// <summary>Class biases (C).</summary>
    public IReadOnlyList<float> Bias => _bias;

    /// <summary>Class scores (N rows of C) for feature rows of the training width.</summary>
    public float[][] PredictLogits(float[][] features)
    {
        var (_, d) = CheckFeatures(features);
        if (d != Dim)
        {
            throw new ArgumentException($"Features have {d} values; the probe was trained on {Dim}.", nameof(features));
        }
        var logits = new float[features.Length][];
        var z = new float[d];
        for (var i = 0; i < features.Length; i++)
        {
            for (var k = 0; k < d; k++)
            {
                z[k] = (features[i][k] - _mean[k]) * _inverseStd[k];
            }
            logits[i] = new float[Classes];
            for (var c = 0; c < Classes; c++)
            {
                double sum = _bias[c];
                for (var k = 0; k < d; k++)
                {
                    sum += _weight[c][k] * z[k];
                }
                logits[i][c] = (float)sum;
            }
        }
        return logits;
    }

    /// <summary>The highest-scoring class of each feature row.</summary>
    public int[] Predict(float[][] features) =>
        [.. PredictLogits(features).Select(row => Array.IndexOf(row, row.Max()))];

    private static (int N, int D) CheckFeatures(float[][] features)
    {
        if (features.Length == 0)
        {
            throw new ArgumentException("No feature rows.", nameof(features));
        }
        var d = features[0].Length;
        if (d == 0 || features.Any(r => r.Length != d))
        {
            throw new ArgumentException("Feature rows must all have the same, non-zero length.", nameof(features));
        }
        return (features.Length, d);
    }

    // Per-dimension mean and 1 / sqrt(population variance + eps), as BatchNorm normalises.
    internal static (float[] Mean, float[] InverseStd) Standardizer(float[][] rows, int d, double epsilon)
    {
        var mean = new float[d];
        var inverseStd = new float[d];
        for (var k = 0; k < d; k++)
        {
            double sum = 0, squares = 0;
            foreach (var row in rows)
            {
                sum += row[k];
            }
            var m = sum / rows.Length;
            foreach (var row in rows)
            {
                squares += (row[k] - m) * (row[k] - m);
            }
            mean[k] = (float)m;
            inverseStd[k] = (float)(1 / Math.Sqrt((squares / rows.Length) + epsilon));
        }
        return (mean, inverseStd);
    }

    internal static float[] Standardize(float[][] rows, float[] mean, float[] inverseStd)
    {
        var d = mean.Length;
        var flat = new float[rows.Length * d];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var k = 0; k < d; k++)
            {
                flat[(i * d) + k] = (rows[i][k] - mean[k]) * inverseStd[k];
            }
        }
        return flat;
    }
}
