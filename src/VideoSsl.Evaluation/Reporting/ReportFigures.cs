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
    public const string FinetuneLoss = "figures/finetune-loss.png";
    public const string FinetuneValidation = "figures/finetune-validation.png";
    public const string FutureMse = "figures/future-mse-by-horizon.png";
    public const string FutureSsim = "figures/future-ssim-by-horizon.png";

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
        if (CurveBudget(report) is { } budget)
        {
            var (loss, validation) = FinetuneCurveFigure.Render(report.Protocols.Where(r => r.Budget.ToString() == budget).ToList(), budget);
            figures.Add(new Figure(FinetuneLoss, $"Fine-tuning loss of both arms ({budget})", loss));
            if (validation is not null)
            {
                figures.Add(new Figure(FinetuneValidation, $"Fine-tuning: top-1 on held-out labeled training videos ({budget}; not the test split)", validation));
            }
        }
        if (report.FutureFrames is { Rows.Count: > 0 } future && future.Rows[0].Metrics.MsePerStep.Count > 1)
        {
            var (mse, ssim) = FutureStepFigure.Render(future);
            figures.Add(new Figure(FutureMse, "Future-frame MSE per frame by prediction horizon", mse));
            figures.Add(new Figure(FutureSsim, "Future-frame SSIM by prediction horizon", ssim));
        }
        for (var i = 0; i < (strips?.Count ?? 0); i++)
        {
            figures.Add(new Figure(Strip(i), $"Held-out clip {i}: context and true future (top), prediction (bottom)", PredictionStripFigure.Render(strips![i])));
        }
        return figures;
    }

    /// <summary>The budget whose fine-tuning curves the report draws: the first with recorded curves, preferring 10 per class.</summary>
    public static string? CurveBudget(EvaluationReport report)
    {
        var withCurves = report.Protocols.Where(r => r.Curve is { Count: > 0 } && r.Curve.Any(p => p.ValidationTop1 is not null)).Select(r => r.Budget).ToList();
        return (withCurves.FirstOrDefault(b => b.LabelsPerClass == Protocols.EvaluateRunner.TargetLabelsPerClass) ?? withCurves.FirstOrDefault())?.ToString();
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
