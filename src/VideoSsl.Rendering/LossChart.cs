using ScottPlot;

namespace VideoSsl.Rendering;

/// <summary>One named loss series: (step, loss) points in step order.</summary>
public sealed record LossSeries(string Name, IReadOnlyList<(double Step, double Loss)> Points);

/// <summary>Draws loss against training step, one colored line per series, as PNG: the run's loss.png and the report's loss figure.</summary>
public static class LossChart
{
    public static byte[] RenderPng(IReadOnlyList<LossSeries> series, string title, string yLabel = "loss", int width = 800, int height = 500)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var drawn = 0;
        foreach (var one in series)
        {
            var points = one.Points.Where(p => double.IsFinite(p.Loss)).OrderBy(p => p.Step).ToList();
            if (points.Count == 0)
            {
                continue;
            }
            var line = plot.Add.ScatterLine(points.Select(p => p.Step).ToArray(), points.Select(p => p.Loss).ToArray());
            line.LegendText = one.Name;
            line.Color = palette.GetColor(drawn++);
            line.LineWidth = 2;
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
