using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace VideoSsl.Training.Supervised;

/// <summary>How <see cref="ProbeSelection"/> chooses the probe's L2 penalty.</summary>
public sealed record ProbeSelectionOptions
{
    /// <summary>The penalties λ tried, a log-spaced grid.</summary>
    public IReadOnlyList<double> Penalties { get; init; } = [1e-4, 1e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1, 3, 10];

    /// <summary>Most folds; fewer when a class has fewer labeled videos than this.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>The penalty used when some class has a single labeled video, so no fold could hold one out and still train on that class.</summary>
    public double DefaultPenalty { get; init; } = 1e-2;

    /// <summary>The probe's optimizer settings (its <see cref="LinearProbeOptions.L2"/> is what this chooses).</summary>
    public LinearProbeOptions Probe { get; init; } = new();
}

/// <summary>A penalty's cross-validated score: accuracy and mean log-loss over the held-out rows of every fold.</summary>
public sealed record PenaltyScore(double Penalty, double Accuracy, double LogLoss);

/// <summary>The probe fitted on the whole sample with the chosen penalty, and how that penalty was chosen.</summary>
/// <param name="Folds">Folds of the cross-validation; 0 when the default penalty was used (a class with one labeled video).</param>
public sealed record ProbeChoice(LinearProbe Probe, double Penalty, int Folds, IReadOnlyList<PenaltyScore> Scores);

/// <summary>
/// Chooses a linear probe's L2 penalty by k-fold cross-validation on the labeled training sample alone, then fits the
/// probe on the whole sample with it (the linear-probe protocol of CLIP, Radford et al. 2021).
/// </summary>
/// <remarks>
/// Folds are stratified by class and grouped by video, so clips of one video are never split between training and
/// held-out, and each fold standardizes with its own training rows' statistics. The penalty with the best held-out
/// accuracy wins; ties go to the lower held-out log-loss, then to the stronger penalty. Nothing outside the sample
/// (no test clip, no label) is read: the choice is a function of the sample and the seed alone.
/// </remarks>
public static class ProbeSelection
{
    /// <summary>Cross-validates every penalty and fits the chosen one on all rows.</summary>
    /// <param name="groups">The video each row comes from (rows of one video stay in one fold).</param>
    /// <param name="seed">Orders videos within a class before they are dealt to folds.</param>
    public static ProbeChoice Fit(float[][] features, int[] labels, IReadOnlyList<string> groups, int classes, ProbeSelectionOptions options, int seed)
    {
        if (groups.Count != features.Length || labels.Length != features.Length)
        {
            throw new ArgumentException($"{features.Length} rows, {labels.Length} labels and {groups.Count} groups: need one of each per row.", nameof(groups));
        }
        var fold = FoldOf(labels, groups, options.Folds, seed, out var folds);
        if (folds < 2)
        {
            var single = LinearProbe.Train(features, labels, classes, options.Probe with { L2 = options.DefaultPenalty });
            return new ProbeChoice(single, options.DefaultPenalty, 0, []);
        }
        var scores = CrossValidate(features, labels, fold, folds, classes, options);
        var best = scores.OrderByDescending(s => s.Accuracy).ThenBy(s => s.LogLoss).ThenByDescending(s => s.Penalty).First();
        var probe = LinearProbe.Train(features, labels, classes, options.Probe with { L2 = best.Penalty });
        return new ProbeChoice(probe, best.Penalty, folds, scores);
    }

    /// <summary>The fold of each row: each class's videos in seeded order, dealt round-robin to min(<paramref name="maxFolds"/>, fewest videos in a class) folds.</summary>
    public static int[] FoldOf(int[] labels, IReadOnlyList<string> groups, int maxFolds, int seed, out int folds)
    {
        var videosByClass = labels.Zip(groups).Distinct().GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.Select(p => p.Second).ToList());
        folds = Math.Min(maxFolds, videosByClass.Values.Min(v => v.Count));
        var foldOfVideo = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var videos in videosByClass.Values)
        {
            var ordered = videos.OrderBy(v => Rank(seed, v)).ThenBy(v => v, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                foldOfVideo[ordered[i]] = i % Math.Max(1, folds);
            }
        }
        return [.. groups.Select(g => foldOfVideo[g])];
    }

    private static List<PenaltyScore> CrossValidate(float[][] features, int[] labels, int[] fold, int folds, int classes, ProbeSelectionOptions options)
    {
        int n = features.Length, d = features[0].Length, g = options.Penalties.Count;
        var x = new float[folds * n * d];
        var mask = new float[folds * n];
        for (var k = 0; k < folds; k++)
        {
            var train = Enumerable.Range(0, n).Where(i => fold[i] != k).Select(i => features[i]).ToArray();
            var (mean, inverseStd) = LinearProbe.Standardizer(train, d, options.Probe.Epsilon);
            LinearProbe.Standardize(features, mean, inverseStd).CopyTo(x, k * n * d);
            for (var i = 0; i < n; i++)
            {
                mask[(k * n) + i] = fold[i] != k ? 1 : 0;
            }
        }
        using var scope = NewDisposeScope();
        var xs = tensor(x, [folds, n, d]);
        var (weight, bias, _) = ProbeSolver.Fit(xs, [.. labels.Select(l => (long)l)], tensor(mask, [folds, n]), options.Penalties, classes, options.Probe.Steps, options.Probe.LearningRate);
        using var _ = no_grad();
        var logits = einsum("knd,kgcd->kgnc", xs, tensor(weight, [folds, g, classes, d])).add(tensor(bias, [folds, g, 1, classes]), Models.Scalars.One);
        var logProbabilities = nn.functional.log_softmax(logits, 3).data<float>().ToArray();     // (K, G, N, C)
        var scores = new List<PenaltyScore>(g);
        for (var p = 0; p < g; p++)
        {
            double correct = 0, logLoss = 0;
            for (var i = 0; i < n; i++)
            {
                var offset = ((((fold[i] * g) + p) * n) + i) * classes;
                var row = logProbabilities.AsSpan(offset, classes);
                correct += row.IndexOf(Max(row)) == labels[i] ? 1 : 0;
                logLoss -= row[labels[i]];
            }
            scores.Add(new PenaltyScore(options.Penalties[p], correct / n, logLoss / n));
        }
        return scores;
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }
        return max;
    }

    private static ulong Rank(int seed, string key) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"probe-folds\0{seed}\0{key}")));
}
