using ScottPlot;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>Top-1 accuracy against labeled videos per class, one line per protocol, error bars over seeds.</summary>
public static class LabelCurveFigure
{
    public static byte[] Render(IReadOnlyList<LabelCurvePoint> curve)
    {
        var plot = new Plot();
        foreach (var group in curve.GroupBy(p => p.Protocol))
        {
            var points = group.OrderBy(p => p.LabelsPerClass).ToList();
            var xs = points.Select(p => (double)p.LabelsPerClass).ToArray();
            var ys = points.Select(p => p.MeanTop1).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = FigureStyle.Name(group.Key);
            line.Color = FigureStyle.ColorOf(group.Key);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            if (points.Any(p => p.StdTop1 > 0))
            {
                var bars = plot.Add.ErrorBar(xs, ys, points.Select(p => p.StdTop1).ToArray());
                bars.Color = FigureStyle.ColorOf(group.Key);
            }
        }
        var ks = curve.Select(p => p.LabelsPerClass).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(ks.Select(k => (double)k).ToArray(), ks.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Title("Accuracy against labels per class");
        plot.XLabel("labeled videos per class");
        plot.YLabel("top-1 accuracy");
        plot.Axes.SetLimitsY(0, 1.05);
        plot.ShowLegend(Alignment.LowerRight);
        return FigureStyle.Png(plot);
    }
}
