using ScottPlot;
using VideoSsl.Evaluation.Metrics;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>Grouped bars of per-class top-1 accuracy: pretrained next to its baseline (random init or scratch).</summary>
public static class PerClassAccuracyFigure
{
    public static byte[] Render(ClassificationResult pretrained, EvaluationProtocol pretrainedProtocol, ClassificationResult baseline, EvaluationProtocol baselineProtocol, string title)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var n = pretrained.Classes.Count;
        for (var c = 0; c < n; c++)
        {
            bars.Add(new Bar { Position = c - 0.2, Value = pretrained.PerClass[c].Accuracy ?? 0, Size = 0.4, FillColor = FigureStyle.ColorOf(pretrainedProtocol) });
            bars.Add(new Bar { Position = c + 0.2, Value = baseline.PerClass[c].Accuracy ?? 0, Size = 0.4, FillColor = FigureStyle.ColorOf(baselineProtocol) });
        }
        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = FigureStyle.Name(pretrainedProtocol), FillColor = FigureStyle.ColorOf(pretrainedProtocol) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = FigureStyle.Name(baselineProtocol), FillColor = FigureStyle.ColorOf(baselineProtocol) });
        plot.ShowLegend(Alignment.UpperRight);
        FigureStyle.ClassTicks(plot.Axes.Bottom, pretrained.Classes, rotate: n > 6);
        plot.Axes.SetLimits(-0.7, n - 0.3, 0, 1.15);
        plot.Title(title);
        plot.YLabel("top-1 accuracy");
        return FigureStyle.Png(plot, Math.Clamp(120 + 50 * n, FigureStyle.Width, 2400), FigureStyle.Height);
    }
}
