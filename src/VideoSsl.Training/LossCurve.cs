using ScottPlot;

namespace VideoSsl.Training;

/// <summary>Renders the loss curves (total and per objective) of a run as a PNG.</summary>
public static class LossCurve
{
    public static byte[] RenderPng(IReadOnlyList<StepMetrics> metrics, string title, int width = 900, int height = 500)
    {
        var plot = new Plot();
        void Series(string label, Func<StepMetrics, double?> value)
        {
            var points = metrics.Where(m => value(m) is { } v && double.IsFinite(v)).ToList();
            if (points.Count == 0)
            {
                return;
            }
            var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => value(p)!.Value).ToArray());
            line.LegendText = label;
            line.MarkerSize = 0;
        }
        // With both objectives, steps alternate between them and the total zigzags: plot each objective instead.
        var mixed = metrics.Any(m => m.MaskedLoss is not null) && metrics.Any(m => m.FutureLoss is not null);
        if (!mixed)
        {
            Series("loss", m => m.Loss);
        }
        Series("masked", m => m.MaskedLoss);
        Series("future", m => m.FutureLoss);
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss (MSE)");
        plot.ShowLegend();
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
