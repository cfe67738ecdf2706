using System.Globalization;
using VideoSsl.Evaluation.Metrics;

namespace VideoSsl.Evaluation.Reporting;

/// <summary>How the report writes accuracies: a percentage with its 95 % Wilson interval in brackets, and ± the spread over seeds.</summary>
public static class AccuracyText
{
    /// <summary>What the brackets and ± mean, as the report says it once per table.</summary>
    public const string Legend =
        "± is the standard deviation over label-sample seeds; [low–high] is the 95 % Wilson interval of the test set's "
        + "sampling noise at that accuracy (for a mean over seeds, the interval at the mean on the same n test videos), "
        + "so it does not include the spread between label samples.";

    /// <summary>"45.0%".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>"[38.3–51.9]" in percent.</summary>
    public static string Interval((double Low, double High) interval) =>
        $"[{Number(interval.Low)}–{Number(interval.High)}]";

    /// <summary>One accuracy of <paramref name="samples"/> test items with its interval: "45.0% [38.3–51.9]".</summary>
    public static string WithInterval(double fraction, int samples) =>
        $"{Percent(fraction)} {Interval(Wilson.Interval(fraction * samples, samples))}";

    /// <summary>Several seeds' accuracies on the same <paramref name="samples"/> test items: "45.0% ± 1.2 [38.3–51.9]" (one value: no ±).</summary>
    public static string MeanStd(IEnumerable<double> fractions, int samples)
    {
        var values = fractions.ToList();
        var mean = values.Average();
        var spread = values.Count == 1 ? "" : $" ± {Number(Std(values))}";
        return $"{Percent(mean)}{spread} {Interval(Wilson.OfMean(values, samples))}";
    }

    /// <summary>A curve point as a compact table cell: "45.0 ± 1.2 [38.3–51.9]" (percent; one seed: no ±).</summary>
    public static string Cell(LabelCurvePoint point) =>
        $"{Number(point.MeanTop1)}{(point.Seeds > 1 ? $" ± {Number(point.StdTop1)}" : "")} {Interval((point.Low, point.High))}";

    /// <summary>Population standard deviation.</summary>
    public static double Std(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }

    private static string Number(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);
}
