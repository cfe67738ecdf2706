namespace VideoSsl.Evaluation.Metrics;

/// <summary>Accuracy figures of one classifier on one evaluation set.</summary>
/// <param name="Samples">Scored samples (videos after multi-view aggregation, else clips).</param>
/// <param name="Top1">Fraction whose highest score is the true class.</param>
/// <param name="Top5">Fraction whose true class is among the <paramref name="TopK"/> highest scores.</param>
/// <param name="TopK">The k of <paramref name="Top5"/>: 5, or the class count when there are fewer classes.</param>
/// <param name="PerClass">Accuracy of each class, in class order.</param>
/// <param name="Confusion">Counts [true class][predicted class].</param>
/// <param name="Classes">Class names, index = label.</param>
public sealed record ClassificationResult(
    int Samples,
    double Top1,
    double Top5,
    int TopK,
    IReadOnlyList<ClassAccuracy> PerClass,
    int[][] Confusion,
    IReadOnlyList<string> Classes)
{
    /// <summary>Mean of the per-class accuracies over classes that have samples (balanced accuracy).</summary>
    public double MeanClassAccuracy =>
        PerClass.Where(c => c.Accuracy is not null).Select(c => c.Accuracy!.Value).DefaultIfEmpty(0).Average();
}

/// <summary>How one class fared: samples, correct top-1 predictions, and their ratio (null when the class has no samples).</summary>
public sealed record ClassAccuracy(string Class, int Samples, int Correct, double? Accuracy);
