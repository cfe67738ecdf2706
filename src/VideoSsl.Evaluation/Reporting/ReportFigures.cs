using VideoSsl.Evaluation.Reporting.Figures;

namespace VideoSsl.Evaluation.Reporting;

/// <summary>A rendered figure: its path relative to the run folder and its PNG bytes.</summary>
public sealed record Figure(string Path, string Caption, byte[] Png);

/// <summary>Renders every figure a report has data for.</summary>
public static class ReportFigures
{
    public const string LossCurve = "figures/loss-curve.png";
    public const string LabelCurvePath = "figures/accuracy-vs-labels.png";
    public const string PerClassProbe = "figures/per-class-probe.png";
    public const string PerClassFinetune = "figures/per-class-finetune.png";

    public static string Confusion(EvaluationProtocol protocol) => $"figures/confusion-{FigureStyle.Slug(protocol)}.png";

    public static string Strip(int index) => $"figures/prediction-strip-{index:D2}.png";

    public static IReadOnlyList<Figure> Render(EvaluationReport report, IReadOnlyList<PredictionStrip>? strips = null)
    {
        var figures = new List<Figure>();
        if (report.Pretraining is { Loss.Count: > 0 } pretraining)
        {
            figures.Add(new Figure(LossCurve, "Pretraining loss per objective", LossCurveFigure.Render(pretraining.Loss)));
        }
        foreach (var protocol in Enum.GetValues<EvaluationProtocol>())
        {
            if (ReportSelection.Headline(report, protocol) is { } run)
            {
                var title = $"{FigureStyle.Name(protocol)} ({run.Budget}, seed {run.Seed})";
                figures.Add(new Figure(Confusion(protocol), $"Confusion matrix, {title}", ConfusionMatrixFigure.Render(run.Result, title)));
            }
        }
        AddPerClass(figures, report, PerClassProbe, EvaluationProtocol.PretrainedProbe, EvaluationProtocol.RandomProbe);
        AddPerClass(figures, report, PerClassFinetune, EvaluationProtocol.FinetunePretrained, EvaluationProtocol.FinetuneScratch);
        if (report.LabelCurve.Select(p => p.Budget).Distinct().Count() >= 2)
        {
            var classes = report.Protocols.Count > 0 ? report.Protocols[0].Result.Classes.Count : 0;
            figures.Add(new Figure(LabelCurvePath, "Label efficiency: top-1 accuracy against labeled videos per class", LabelCurveFigure.Render(report.LabelCurve, classes)));
        }
        for (var i = 0; i < (strips?.Count ?? 0); i++)
        {
            figures.Add(new Figure(Strip(i), $"Held-out clip {i}: context and true future (top), prediction (bottom)", PredictionStripFigure.Render(strips![i])));
        }
        return figures;
    }

    private static void AddPerClass(List<Figure> figures, EvaluationReport report, string path, EvaluationProtocol pretrained, EvaluationProtocol baseline)
    {
        if (ReportSelection.Headline(report, pretrained) is { } a && ReportSelection.Headline(report, baseline) is { } b)
        {
            var title = $"Per-class accuracy: {FigureStyle.Name(pretrained)} vs {FigureStyle.Name(baseline)}";
            figures.Add(new Figure(path, title, PerClassAccuracyFigure.Render(a.Result, pretrained, b.Result, baseline, title)));
        }
    }
}
