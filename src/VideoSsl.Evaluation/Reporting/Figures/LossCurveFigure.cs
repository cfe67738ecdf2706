using VideoSsl.Rendering;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>Pretraining loss of each objective against step.</summary>
public static class LossCurveFigure
{
    public static byte[] Render(IReadOnlyList<LossPoint> loss) =>
        LossChart.RenderPng(
            loss.SelectMany(p => p.Losses.Keys).Distinct().Order(StringComparer.Ordinal)
                .Select(objective => new LossSeries(objective, loss.Where(p => p.Losses.ContainsKey(objective)).Select(p => ((double)p.Step, p.Losses[objective])).ToList()))
                .ToList(),
            "Pretraining loss", "loss", FigureStyle.Width, FigureStyle.Height);
}
