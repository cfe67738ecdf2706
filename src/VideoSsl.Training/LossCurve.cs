using VideoSsl.Rendering;

namespace VideoSsl.Training;

/// <summary>The loss curves of a run (loss.png): total loss, or each objective's when both are trained, and the held-out validation losses.</summary>
public static class LossCurve
{
    public static byte[] RenderPng(IReadOnlyList<StepMetrics> metrics, string title)
    {
        LossSeries Series(string name, Func<StepMetrics, double?> value) =>
            new(name, metrics.Where(m => value(m) is not null).Select(m => ((double)m.Step, value(m)!.Value)).ToList());

        // With both objectives, steps alternate between them and the total zigzags: plot each objective instead.
        var mixed = metrics.Any(m => m.MaskedLoss is not null) && metrics.Any(m => m.FutureLoss is not null);
        var series = new List<LossSeries>();
        if (!mixed)
        {
            series.Add(Series("loss", m => m.Loss));
        }
        series.Add(Series("masked", m => m.MaskedLoss));
        series.Add(Series("future", m => m.FutureLoss));
        series.Add(Series("masked (validation)", m => m.ValMaskedLoss));
        series.Add(Series("future (validation)", m => m.ValFutureLoss));
        return LossChart.RenderPng(series, title, "loss (MSE)", width: 900);
    }
}
