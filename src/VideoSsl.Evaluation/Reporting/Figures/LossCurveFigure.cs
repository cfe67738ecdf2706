using ScottPlot;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>Pretraining loss of each objective against step.</summary>
public static class LossCurveFigure
{
    public static byte[] Render(IReadOnlyList<LossPoint> loss)
    {
        var plot = new Plot();
        var objectives = loss.SelectMany(p => p.Losses.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < objectives.Count; i++)
        {
            var points = loss.Where(p => p.Losses.ContainsKey(objectives[i])).OrderBy(p => p.Step).ToList();
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Losses[objectives[i]]).ToArray());
            line.LegendText = objectives[i];
            line.Color = palette.GetColor(i);
            line.LineWidth = 2;
        }
        plot.Title("Pretraining loss");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        return FigureStyle.Png(plot);
    }
}
