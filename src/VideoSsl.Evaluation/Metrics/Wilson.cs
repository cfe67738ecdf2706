namespace VideoSsl.Evaluation.Metrics;

/// <summary>95 % Wilson score intervals for accuracies: the test set's sampling noise, honest at small n and near 0 or 1.</summary>
public static class Wilson
{
    /// <summary>z for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval around <paramref name="correct"/> successes in <paramref name="samples"/> trials, as fractions in [0, 1].</summary>
    public static (double Low, double High) Interval(double correct, double samples, double z = Z95)
    {
        if (samples <= 0)
        {
            return (0, 1);
        }
        var p = correct / samples;
        var z2 = z * z;
        var centre = (p + (z2 / (2 * samples))) / (1 + (z2 / samples));
        var half = z / (1 + (z2 / samples)) * Math.Sqrt((p * (1 - p) / samples) + (z2 / (4 * samples * samples)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The interval for a mean accuracy over runs scored on the same <paramref name="samples"/> test items: the test
    /// set's noise at that accuracy. (The runs share their test set, so pooling their counts would overstate n; the
    /// spread between label samples is reported separately as the standard deviation.)
    /// </summary>
    public static (double Low, double High) OfMean(IReadOnlyList<double> accuracies, int samples) =>
        Interval(accuracies.Average() * samples, samples);
}
