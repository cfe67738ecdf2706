using System.Globalization;
using ScottPlot;
using VideoSsl.Evaluation.Metrics;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>A confusion matrix heatmap: rows true class (top to bottom), columns predicted, color the row-normalized rate.</summary>
public static class ConfusionMatrixFigure
{
    /// <summary>Counts are written in the cells when there are at most this many classes.</summary>
    public const int MaxAnnotatedClasses = 20;

    public static byte[] Render(ClassificationResult result, string title)
    {
        var n = result.Classes.Count;
        var rates = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            var total = Math.Max(1, result.Confusion[r].Sum());
            for (var c = 0; c < n; c++)
            {
                rates[r, c] = (double)result.Confusion[r][c] / total;
            }
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(rates);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        // Cell (r, c) is drawn at x = c, y = n − 1 − r, so row 0 sits at the top.
        heatmap.Extent = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Add.ColorBar(heatmap).Label = "fraction of true class";
        if (n <= MaxAnnotatedClasses)
        {
            for (var r = 0; r < n; r++)
            {
                for (var c = 0; c < n; c++)
                {
                    var text = plot.Add.Text(result.Confusion[r][c].ToString(CultureInfo.InvariantCulture), c, n - 1 - r);
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontColor = rates[r, c] > 0.5 ? Colors.Black : Colors.White;
                    text.LabelFontSize = n <= 10 ? 14 : 9;
                }
            }
        }
        FigureStyle.ClassTicks(plot.Axes.Bottom, result.Classes, rotate: n > 6);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), result.Classes.ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("true");
        var side = Math.Clamp(200 + 40 * n, 500, 1600);
        return FigureStyle.Png(plot, side + 150, side);
    }
}
