using System.Globalization;
using ScottPlot;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>
/// The label-efficiency curve: top-1 against labeled videos per class (log scale, "all" as the last point), one line
/// per protocol, a shaded band of ± one standard deviation over seeds, and chance as a dashed line.
/// </summary>
public static class LabelCurveFigure
{
    public static byte[] Render(IReadOnlyList<LabelCurvePoint> curve, int classes = 0)
    {
        var plot = new Plot();
        foreach (var group in curve.GroupBy(p => p.Protocol))
        {
            var points = group.OrderBy(p => p.VideosPerClass).ToList();
            var xs = points.Select(p => X(p.VideosPerClass)).ToArray();
            var color = FigureStyle.ColorOf(group.Key);
            if (points.Any(p => p.StdTop1 > 0))
            {
                var band = plot.Add.FillY(xs, points.Select(p => p.MeanTop1 - p.StdTop1).ToArray(), points.Select(p => p.MeanTop1 + p.StdTop1).ToArray());
                band.FillColor = color.WithAlpha(0.18);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(xs, points.Select(p => p.MeanTop1).ToArray());
            line.LegendText = FigureStyle.Name(group.Key);
            line.Color = color;
            line.LineWidth = 2.5f;
            line.MarkerSize = 8;
        }
        if (classes >= 2)
        {
            var chance = plot.Add.HorizontalLine(1.0 / classes);
            chance.Color = Colors.Gray;
            chance.LinePattern = LinePattern.Dashed;
            chance.LineWidth = 1;
            chance.LegendText = "chance";
        }
        // Ticks at each budget, labelled as the budget ("all" shows how many labeled videos per class that was).
        var ticks = curve.GroupBy(p => p.Budget).Select(g => (X: X(g.Max(p => p.VideosPerClass)), Label: Label(g.First()))).DistinctBy(t => t.X).OrderBy(t => t.X).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(t => t.X).ToArray(), ticks.Select(t => t.Label).ToArray());
        var seeds = curve.Count == 0 ? 0 : curve.Max(p => p.Seeds);
        var tests = curve.Count == 0 ? 0 : curve.Max(p => p.TestSamples);
        plot.Title($"Label efficiency: top-1 on {tests} test videos" + (seeds > 1 ? $", mean ± std over {seeds} label samples" : ""));
        plot.XLabel("labeled videos per class (log scale)");
        plot.YLabel("top-1 accuracy");
        if (ticks.Length > 0)
        {
            var pad = Math.Max(0.08, 0.06 * (ticks[^1].X - ticks[0].X));
            plot.Axes.SetLimitsX(ticks[0].X - pad, ticks[^1].X + pad);
        }
        plot.Axes.SetLimitsY(0, 1.05);
        plot.ShowLegend(Alignment.UpperLeft);
        return FigureStyle.Png(plot, FigureStyle.Width, 560);
    }

    private static double X(double videosPerClass) => Math.Log10(Math.Max(videosPerClass, 0.5));

    private static string Label(LabelCurvePoint point) =>
        point.LabelsPerClass is { } k ? k.ToString(CultureInfo.InvariantCulture)
        : point.Budget == "all" ? $"all ({point.VideosPerClass.ToString("0.#", CultureInfo.InvariantCulture)})"
        : $"{point.Budget} ({point.VideosPerClass.ToString("0.#", CultureInfo.InvariantCulture)})";
}
