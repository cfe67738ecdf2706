namespace VideoSsl.Evaluation.Metrics;

/// <summary>Top-1, top-5, per-class accuracy and confusion matrix from scores (logits or probabilities) and labels.</summary>
/// <remarks>
/// Ranking does not depend on whether rows are logits or probabilities. Ties are broken toward the lower class index
/// (as argmax does): a sample's rank is the number of classes scoring higher than its true class, plus those scoring
/// equal with a lower index.
/// </remarks>
public static class ClassificationMetrics
{
    /// <summary>Scores <paramref name="scores"/> ([sample][class]) against <paramref name="labels"/> (class indices).</summary>
    public static ClassificationResult Compute(IReadOnlyList<float[]> scores, IReadOnlyList<int> labels, IReadOnlyList<string> classes, int topK = 5)
    {
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} score rows but {labels.Count} labels");
        }
        if (classes.Count == 0 || scores.Count == 0)
        {
            throw new ArgumentException("need at least one class and one sample");
        }
        var k = Math.Min(topK, classes.Count);
        var confusion = Enumerable.Range(0, classes.Count).Select(_ => new int[classes.Count]).ToArray();
        var inTopK = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var row = scores[i];
            if (row.Length != classes.Count)
            {
                throw new ArgumentException($"score row {i} has {row.Length} values for {classes.Count} classes");
            }
            if (row.Any(float.IsNaN))
            {
                throw new ArgumentException($"score row {i} has NaN");
            }
            if (labels[i] < 0 || labels[i] >= classes.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"label of sample {i} is not a class index");
            }
            confusion[labels[i]][ArgMax(row)]++;
            inTopK += RankOfTrue(row, labels[i]) < k ? 1 : 0;
        }
        var perClass = classes.Select((name, c) =>
        {
            var samples = confusion[c].Sum();
            return new ClassAccuracy(name, samples, confusion[c][c], samples == 0 ? null : (double)confusion[c][c] / samples);
        }).ToList();
        var correct = perClass.Sum(c => c.Correct);
        return new ClassificationResult(scores.Count, (double)correct / scores.Count, (double)inTopK / scores.Count, k, perClass, confusion, classes.ToList());
    }

    /// <summary>Scores a [samples, classes] matrix.</summary>
    public static ClassificationResult Compute(float[,] scores, IReadOnlyList<int> labels, IReadOnlyList<string> classes, int topK = 5) =>
        Compute(ScoreRows.Of(scores), labels, classes, topK);

    /// <summary>0 when the true class would be predicted, 1 when one class beats it, and so on.</summary>
    public static int RankOfTrue(ReadOnlySpan<float> scores, int label)
    {
        var rank = 0;
        for (var j = 0; j < scores.Length; j++)
        {
            if (scores[j] > scores[label] || (scores[j] == scores[label] && j < label))
            {
                rank++;
            }
        }
        return rank;
    }

    /// <summary>The first index of the highest score.</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var j = 1; j < scores.Length; j++)
        {
            if (scores[j] > scores[best])
            {
                best = j;
            }
        }
        return best;
    }
}
