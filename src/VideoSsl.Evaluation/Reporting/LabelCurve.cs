using VideoSsl.Evaluation.Metrics;

namespace VideoSsl.Evaluation.Reporting;

/// <summary>Builds the label-efficiency curve (top-1 against labeled videos per class) from protocol runs.</summary>
public static class LabelCurve
{
    /// <summary>
    /// One point per (protocol, budget), every budget included ("all" too): mean and population standard deviation of
    /// top-1 over seeds, and the 95 % Wilson interval at that mean on the test set's size. Points are ordered by
    /// protocol, then by labeled videos per class.
    /// </summary>
    public static IReadOnlyList<LabelCurvePoint> From(IEnumerable<ProtocolRun> runs) =>
        runs.GroupBy(r => (r.Protocol, Budget: r.Budget.ToString()))
            .Select(g =>
            {
                var top1 = g.Select(r => r.Result.Top1).ToList();
                var mean = top1.Average();
                var first = g.First();
                var samples = first.Result.Samples;
                var (low, high) = Wilson.OfMean(top1, samples);
                var perClass = g.Average(r => (double)r.TrainVideos / Math.Max(1, r.Result.Classes.Count));
                return new LabelCurvePoint(g.Key.Protocol, g.Key.Budget, first.Budget.LabelsPerClass, perClass, mean,
                    Math.Sqrt(top1.Average(v => (v - mean) * (v - mean))), top1.Count, samples, low, high);
            })
            .OrderBy(p => p.Protocol).ThenBy(p => p.VideosPerClass).ThenBy(p => p.LabelsPerClass is null)
            .ToList();

    /// <summary>The budgets on the curve, in order of labeled videos per class (largest seen for each budget), "all" last among equals.</summary>
    public static IReadOnlyList<string> Budgets(IReadOnlyList<LabelCurvePoint> curve) =>
        curve.GroupBy(p => p.Budget)
            .OrderBy(g => g.Max(p => p.VideosPerClass)).ThenBy(g => g.First().LabelsPerClass is null)
            .Select(g => g.Key)
            .ToList();
}
