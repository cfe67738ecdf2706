using VideoSsl.Rendering;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>Fine-tuning curves of both arms at one budget, averaged over seeds: training loss, and top-1 on held-out labeled training videos.</summary>
/// <remarks>Shown so a reader can see that neither arm was starved: both ran the same steps, and where each one's validation accuracy levelled off.</remarks>
public static class FinetuneCurveFigure
{
    /// <summary>The loss figure and the validation figure (null when no run recorded validation points).</summary>
    public static (byte[] Loss, byte[]? Validation) Render(IReadOnlyList<ProtocolRun> runs, string budget)
    {
        var arms = runs.Where(r => r.Curve is { Count: > 0 }).GroupBy(r => r.Protocol).OrderBy(g => g.Key).ToList();
        var loss = arms.Select(g => new LossSeries(FigureStyle.Name(g.Key), Mean(g, p => p.Loss))).ToList();
        var validation = arms.Select(g => new LossSeries(FigureStyle.Name(g.Key), Mean(g, p => p.ValidationTop1 is { } v ? 100 * v : null)))
            .Where(s => s.Points.Count > 0).ToList();
        return (LossChart.RenderPng(loss, $"Fine-tuning loss ({budget}, mean over seeds)", "training loss (batch)", FigureStyle.Width, FigureStyle.Height),
            validation.Count == 0 ? null : LossChart.RenderPng(validation, $"Fine-tuning: top-1 on held-out training videos ({budget}, mean over seeds)", "validation top-1 %", FigureStyle.Width, FigureStyle.Height));
    }

    // The mean over seeds at each step every seed logged.
    private static List<(double Step, double Loss)> Mean(IEnumerable<ProtocolRun> runs, Func<FineTuneCurvePoint, double?> value) =>
        runs.SelectMany(r => r.Curve!.Select(p => (p.Step, Value: value(p))).Where(p => p.Value is not null))
            .GroupBy(p => p.Step).Where(g => g.Count() == runs.Count())
            .Select(g => ((double)g.Key, g.Average(p => p.Value!.Value))).OrderBy(p => p.Item1).ToList();
}
