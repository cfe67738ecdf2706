using System.Globalization;
using System.Text;
using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Reporting.Figures;

namespace VideoSsl.Evaluation.Reporting;

/// <summary>Renders an <see cref="EvaluationReport"/> as markdown, linking figures relative to the run folder.</summary>
public static class MarkdownReport
{
    /// <summary>Section headings, in order; every report has each of them.</summary>
    public static readonly string[] Sections =
    [
        LabelEfficiencySection.Title, "Summary", "Setup", "Linear probe", "Fine-tuning", "Per-class accuracy", "Confusion matrices",
        "Future-frame prediction", "Pretraining", "Reproduce",
    ];

    public static string Render(EvaluationReport report, IReadOnlyList<Figure> figures)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Evaluation report: {report.Run}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Created {report.CreatedUtc:yyyy-MM-dd HH:mm} UTC.").AppendLine();
        LabelEfficiencySection.Render(md, report, figures);
        Summary(md, report);
        Setup(md, report);
        Protocols(md, report, "Linear probe", [EvaluationProtocol.PretrainedProbe, EvaluationProtocol.RandomProbe, EvaluationProtocol.MotionEnergyProbe],
            "Frozen encoder features (" + (report.Settings.TryGetValue("linear probe", out var probe) ? probe : "linear classifier") + "). "
            + "L2 is the penalty cross-validation on the labeled sample chose (per seed; never the test split). The reference row feeds the same probe "
            + "hand-crafted motion-energy features (mean normal flow, amount of change, divergence and curl per frame pair; nothing learned), "
            + "a yardstick for what the clips' motion alone allows.");
        Protocols(md, report, "Fine-tuning", [EvaluationProtocol.FinetunePretrained, EvaluationProtocol.FinetuneScratch],
            "The whole network trained, the same schedule from pretrained weights and from scratch ("
            + (report.Settings.TryGetValue("fine-tuning", out var tuning) ? tuning : "") + ").");
        FinetuneCurves(md, figures);
        PerClass(md, report, figures);
        Confusions(md, report, figures);
        FutureFrames(md, report, figures);
        Pretraining(md, report, figures);
        md.AppendLine("## Reproduce").AppendLine().AppendLine("```sh").AppendLine(report.ReproduceCommand.Length > 0 ? report.ReproduceCommand : "# (command not recorded)").AppendLine("```");
        return md.ToString();
    }

    private static void Summary(StringBuilder md, EvaluationReport report)
    {
        md.AppendLine("## Summary").AppendLine();
        Compare(md, report, "Linear probe", EvaluationProtocol.PretrainedProbe, EvaluationProtocol.RandomProbe);
        Compare(md, report, "Fine-tuning", EvaluationProtocol.FinetunePretrained, EvaluationProtocol.FinetuneScratch);
        if (HeadlinePoint(report, EvaluationProtocol.MotionEnergyProbe) is { } reference)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"- Reference ({reference.Budget}): the same probe on hand-crafted motion-energy features scores {Mean(reference)} top-1.");
        }
        if (report.FutureFrames?.Rows.FirstOrDefault(r => r.Method == FutureFrameReport.Model) is { } model)
        {
            var best = report.FutureFrames.Rows.Where(r => r.Method != FutureFrameReport.Model).MinBy(r => r.Metrics.Mse);
            md.AppendLine($"- Future frames: model MSE/frame {F(model.Metrics.Mse)}"
                + (best is null ? "" : $" vs best baseline ({best.Method}) {F(best.Metrics.Mse)}") + ".").AppendLine();
        }
        if (report.Targets.Count == 0)
        {
            md.AppendLine("No targets were set.").AppendLine();
            return;
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"**{report.Targets.Count(t => t.Passed)} of {report.Targets.Count} targets met.**").AppendLine();
        md.AppendLine("| Target | Required | Actual | Result | Margin |").AppendLine("|---|---|---|---|---|");
        foreach (var t in report.Targets)
        {
            var op = t.Direction == TargetDirection.AtLeast ? "≥" : "≤";
            var unit = t.Unit.Length > 1 ? " " + t.Unit : t.Unit; // "0.6x", but "25 points"
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {op} {F(t.Target)}{unit} | {F(t.Actual)}{unit} | {(t.Passed ? "PASS" : "FAIL")} | {(t.Margin >= 0 ? "+" : "")}{F(t.Margin)}{unit} |");
        }
        md.AppendLine();
    }

    private static void Compare(StringBuilder md, EvaluationReport report, string name, EvaluationProtocol pretrained, EvaluationProtocol baseline)
    {
        if (HeadlinePoint(report, pretrained) is { } a && report.LabelCurve.FirstOrDefault(p => p.Protocol == baseline && p.Budget == a.Budget) is { } b)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"- {name} ({a.Budget}{(a.Seeds > 1 ? $", mean of {a.Seeds} seeds" : "")}): pretrained {Mean(a)} top-1 vs "
                + $"{(baseline == EvaluationProtocol.RandomProbe ? "random init" : "scratch")} {Mean(b)} ({Pts(a.MeanTop1 - b.MeanTop1)}).");
        }
    }

    // The protocol's point at the largest budget (all labels when it ran).
    private static LabelCurvePoint? HeadlinePoint(EvaluationReport report, EvaluationProtocol protocol) =>
        report.LabelCurve.Where(p => p.Protocol == protocol).OrderBy(p => p.VideosPerClass).ThenBy(p => p.LabelsPerClass is null).LastOrDefault();

    private static string Mean(LabelCurvePoint p) =>
        $"{P(p.MeanTop1)}{(p.Seeds > 1 ? $" ± {(p.StdTop1 * 100).ToString("0.0", CultureInfo.InvariantCulture)}" : "")} {AccuracyText.Interval((p.Low, p.High))}";

    private static void Setup(StringBuilder md, EvaluationReport report)
    {
        md.AppendLine("## Setup").AppendLine();
        if (report.Datasets.Count > 0)
        {
            md.AppendLine("| Dataset | Version | Role | Layout | Classes | Train videos | Test videos | Clips |").AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var d in report.Datasets)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {d.Name} | {d.Version} | {d.Role} | {d.Layout ?? "—"} | {d.Classes} | {d.TrainVideos} | {d.TestVideos} | {d.Clips} |");
            }
            md.AppendLine();
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"Seeds: {(report.Seeds.Count > 0 ? string.Join(", ", report.Seeds) : "—")}.").AppendLine();
        if (report.Settings.Count > 0)
        {
            md.AppendLine("| Setting | Value |").AppendLine("|---|---|");
            foreach (var (key, value) in report.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {key} | `{value}` |");
            }
            md.AppendLine();
        }
    }

    private static void Protocols(StringBuilder md, EvaluationReport report, string title, EvaluationProtocol[] protocols, string description)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine();
        var runs = report.Protocols.Where(r => protocols.Contains(r.Protocol)).ToList();
        if (runs.Count == 0)
        {
            md.AppendLine("_Not run._").AppendLine();
            return;
        }
        var n = runs[0].Result.Samples;
        md.AppendLine(description + $" Top-1/top-{runs[0].Result.TopK} per video after multi-view averaging, on {n} test videos. {AccuracyText.Legend}").AppendLine();
        var fineTuning = runs.Any(r => r.Steps is not null);
        var extra = fineTuning ? " Steps | Peak lr |" : " L2 (per seed) |";
        md.AppendLine(CultureInfo.InvariantCulture, $"Scored on the test split ({n} videos), once; everything these runs chose was chosen on their labeled training sample.").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| Encoder | Labels | Seeds | Train videos |{extra} Views | Top-1 | Top-{runs[0].Result.TopK} | Mean class acc. |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|" + (fineTuning ? "---|" : ""));
        foreach (var group in ReportSelection.ByBudget(runs))
        {
            var g = group.ToList();
            var cells = fineTuning
                ? $" {g[0].Steps} | {(g[0].LearningRate is { } lr ? lr.ToString("g3", CultureInfo.InvariantCulture) : "—")} |"
                : $" {string.Join(", ", g.Select(r => r.ProbePenalty is { } l ? l.ToString("g2", CultureInfo.InvariantCulture) + (r.ProbeFolds == 0 ? " (default)" : "") : "—"))} |";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {FigureStyle.Name(group.Key.Protocol)} | {group.Key.Budget} | {g.Count} | {g[0].TrainVideos} |{cells} {g[0].Views} | "
                + $"{AccuracyText.MeanStd(g.Select(r => r.Result.Top1), n)} | {AccuracyText.MeanStd(g.Select(r => r.Result.Top5), n)} | {AccuracyText.MeanStd(g.Select(r => r.Result.MeanClassAccuracy), n)} |");
        }
        md.AppendLine();
    }

    private static void FinetuneCurves(StringBuilder md, IReadOnlyList<Figure> figures)
    {
        if (figures.Any(f => f.Path == ReportFigures.FinetuneLoss))
        {
            md.AppendLine("Training curves of both arms (mean over seeds). Validation = labeled training videos the sample left out "
                + "(up to 10 per class): drawn to show neither arm was starved, never used to choose anything.").AppendLine();
            FigureLink(md, figures, ReportFigures.FinetuneLoss);
            FigureLink(md, figures, ReportFigures.FinetuneValidation);
        }
    }

    private static void PerClass(StringBuilder md, EvaluationReport report, IReadOnlyList<Figure> figures)
    {
        md.AppendLine("## Per-class accuracy").AppendLine();
        var runs = Enum.GetValues<EvaluationProtocol>().Select(p => ReportSelection.Headline(report, p)).OfType<ProtocolRun>().ToList();
        if (runs.Count == 0)
        {
            md.AppendLine("_Not run._").AppendLine();
            return;
        }
        md.AppendLine("Each protocol at its largest label budget, first seed: accuracy (correct/test videos of the class) [95 % Wilson interval].").AppendLine();
        FigureLink(md, figures, ReportFigures.PerClassProbe);
        FigureLink(md, figures, ReportFigures.PerClassFinetune);
        md.AppendLine("| Class | " + string.Join(" | ", runs.Select(r => FigureStyle.Name(r.Protocol))) + " |").AppendLine("|---|" + string.Concat(runs.Select(_ => "---|")));
        var classes = runs[0].Result.Classes;
        for (var c = 0; c < classes.Count; c++)
        {
            md.AppendLine($"| {classes[c]} | " + string.Join(" | ", runs.Select(r => r.Result.PerClass[c] is { Accuracy: { } a } pc ? $"{P(a)} ({pc.Correct}/{pc.Samples}) {AccuracyText.Interval(Wilson.Interval(pc.Correct, pc.Samples))}" : "—")) + " |");
        }
        md.AppendLine();
    }

    private static void Confusions(StringBuilder md, EvaluationReport report, IReadOnlyList<Figure> figures)
    {
        md.AppendLine("## Confusion matrices").AppendLine();
        var any = false;
        foreach (var protocol in Enum.GetValues<EvaluationProtocol>())
        {
            if (ReportSelection.Headline(report, protocol) is not { } run)
            {
                continue;
            }
            any = true;
            md.AppendLine(CultureInfo.InvariantCulture, $"### {FigureStyle.Name(protocol)}").AppendLine();
            FigureLink(md, figures, ReportFigures.Confusion(protocol));
            var confused = TopConfusions(run.Result, 5);
            if (confused.Count > 0)
            {
                md.AppendLine("Most confused: " + string.Join("; ", confused.Select(x => $"{x.True} → {x.Predicted} ({x.Count})")) + ".").AppendLine();
            }
        }
        if (!any)
        {
            md.AppendLine("_Not run._").AppendLine();
        }
    }

    private static List<(string True, string Predicted, int Count)> TopConfusions(ClassificationResult result, int count) =>
        result.Confusion.SelectMany((row, t) => row.Select((n, p) => (True: result.Classes[t], Predicted: result.Classes[p], Count: n, Off: t != p)))
            .Where(x => x.Off && x.Count > 0)
            .OrderByDescending(x => x.Count)
            .Take(count)
            .Select(x => (x.True, x.Predicted, x.Count))
            .ToList();

    private static void FutureFrames(StringBuilder md, EvaluationReport report, IReadOnlyList<Figure> figures)
    {
        md.AppendLine("## Future-frame prediction").AppendLine();
        if (report.FutureFrames is not { } ff || ff.Rows.Count == 0)
        {
            md.AppendLine("_Not run._").AppendLine();
            return;
        }
        md.AppendLine(
            $"{ff.ContextFrames} context frames, {ff.TargetFrames} predicted, {ff.Rows[0].Metrics.Clips} held-out clips ({(ff.Source.Length > 0 ? ff.Source : "held out")}). MSE and MAE per frame as OpenSTL defines them "
            + "(error summed over a frame's pixels and channels on the [0, 1] scale, averaged over frames and clips); SSIM with an 11×11 Gaussian window "
            + "(σ 1.5) averaged over channels; PSNR per frame, averaged. Mean frame = per-pixel mean of the training clips.").AppendLine();
        md.AppendLine("| Predictor | MSE / frame | MAE / frame | SSIM | PSNR (dB) |").AppendLine("|---|---|---|---|---|");
        foreach (var row in ff.Rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Method} | {F(row.Metrics.Mse)} | {F(row.Metrics.Mae)} | {row.Metrics.Ssim:0.0000} | {F(row.Metrics.Psnr)} |");
        }
        md.AppendLine();
        var steps = ff.Rows[0].Metrics.MsePerStep.Count;
        if (steps > 1)
        {
            md.AppendLine("MSE per frame by horizon:").AppendLine();
            md.AppendLine("| Predictor | " + string.Join(" | ", Enumerable.Range(1, steps).Select(s => $"t+{s}")) + " |").AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", steps)));
            foreach (var row in ff.Rows)
            {
                md.AppendLine($"| {row.Method} | " + string.Join(" | ", row.Metrics.MsePerStep.Select(F)) + " |");
            }
            md.AppendLine();
        }
        FigureLink(md, figures, ReportFigures.FutureMse);
        FigureLink(md, figures, ReportFigures.FutureSsim);
        if (ff.PerClass.Count > 0)
        {
            md.AppendLine("Per class (the sample's histogram is the Clips column):").AppendLine();
            md.AppendLine("| Class | Clips | MSE model | MSE copy-last | ratio | SSIM model | SSIM copy-last |").AppendLine("|---|---|---|---|---|---|---|");
            foreach (var row in ff.PerClass)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Class} | {row.Clips} | {F(row.Model.Mse)} | {F(row.CopyLast.Mse)} | {(row.CopyLast.Mse > 0 ? (row.Model.Mse / row.CopyLast.Mse).ToString("0.00", CultureInfo.InvariantCulture) : "—")} | {row.Model.Ssim:0.0000} | {row.CopyLast.Ssim:0.0000} |");
            }
            md.AppendLine();
        }
        if (report.Benchmark is { } benchmark)
        {
            BenchmarkSection.Render(md, benchmark);
        }
        foreach (var figure in figures.Where(f => f.Path.StartsWith("figures/prediction-strip-", StringComparison.Ordinal)))
        {
            FigureLink(md, figures, figure.Path);
        }
    }

    private static void Pretraining(StringBuilder md, EvaluationReport report, IReadOnlyList<Figure> figures)
    {
        md.AppendLine("## Pretraining").AppendLine();
        if (report.Pretraining is not { } p)
        {
            md.AppendLine("_No pretraining record._").AppendLine();
            return;
        }
        md.AppendLine($"Objectives: {string.Join(", ", p.Objectives)}; {p.Steps} steps" + (p.WallSeconds is { } s ? $" in {TimeSpan.FromSeconds(s):hh\\:mm\\:ss}." : ".")).AppendLine();
        FigureLink(md, figures, ReportFigures.LossCurve);
        var objectives = p.Loss.SelectMany(l => l.Losses.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (objectives.Count > 0)
        {
            md.AppendLine("| Objective | First | Min | Last |").AppendLine("|---|---|---|---|");
            foreach (var o in objectives)
            {
                var values = p.Loss.Where(l => l.Losses.ContainsKey(o)).OrderBy(l => l.Step).Select(l => l.Losses[o]).ToList();
                md.AppendLine(CultureInfo.InvariantCulture, $"| {o} | {F(values[0])} | {F(values.Min())} | {F(values[^1])} |");
            }
            md.AppendLine();
        }
    }

    private static void FigureLink(StringBuilder md, IReadOnlyList<Figure> figures, string path)
    {
        if (figures.FirstOrDefault(f => f.Path == path) is { } figure)
        {
            md.AppendLine($"![{figure.Caption}]({figure.Path})").AppendLine();
        }
    }

    private static string P(double fraction) => AccuracyText.Percent(fraction);

    private static string Pts(double delta) => (delta >= 0 ? "+" : "") + (delta * 100).ToString("0.0", CultureInfo.InvariantCulture) + " pts";

    private static string F(double value) => double.IsPositiveInfinity(value) ? "∞" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
