namespace VideoSsl.Evaluation.Reporting;

/// <summary>Builds the accuracy-against-labels-per-class curve from protocol runs.</summary>
public static class LabelCurve
{
    /// <summary>One point per (protocol, K) over the runs with a labels-per-class budget; mean and population std over seeds.</summary>
    public static IReadOnlyList<LabelCurvePoint> From(IEnumerable<ProtocolRun> runs) =>
        runs.Where(r => r.Budget.LabelsPerClass is not null)
            .GroupBy(r => (r.Protocol, K: r.Budget.LabelsPerClass!.Value))
            .OrderBy(g => g.Key.Protocol).ThenBy(g => g.Key.K)
            .Select(g =>
            {
                var top1 = g.Select(r => r.Result.Top1).ToList();
                var mean = top1.Average();
                return new LabelCurvePoint(g.Key.Protocol, g.Key.K, mean, Math.Sqrt(top1.Average(v => (v - mean) * (v - mean))), top1.Count);
            })
            .ToList();
}
