using System.Globalization;
using System.Text;
using VideoSsl.Evaluation.Reporting.Figures;

namespace VideoSsl.Evaluation.Reporting;

/// <summary>The report's headline, first in report.md: the label-efficiency figure and a compact table of every method at every budget.</summary>
public static class LabelEfficiencySection
{
    /// <summary>The section's heading, the report's first.</summary>
    public const string Title = "Label efficiency";

    /// <summary>Appends the section: the figure when it was drawn, the table, and the fine-tuning steps of each budget.</summary>
    public static void Render(StringBuilder md, EvaluationReport report, IReadOnlyList<Figure> figures)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        var curve = report.LabelCurve;
        if (curve.Count == 0)
        {
            md.AppendLine("_Not run._").AppendLine();
            return;
        }
        if (figures.FirstOrDefault(f => f.Path == ReportFigures.LabelCurvePath) is { } figure)
        {
            md.AppendLine($"![{figure.Caption}]({figure.Path})").AppendLine();
        }
        var budgets = LabelCurve.Budgets(curve);
        var seeds = report.Seeds.Count > 0 ? $" ({string.Join(", ", report.Seeds)})" : "";
        var classes = report.Protocols.Count > 0 ? report.Protocols[0].Result.Classes.Count : 0;
        md.AppendLine(
            $"Top-1 accuracy (%) on {curve.Max(p => p.TestSamples)} test videos against labeled training videos per class, "
            + $"{curve.Max(p => p.Seeds)} label-sample seed(s){seeds}; chance is {AccuracyText.Percent(classes > 0 ? 1.0 / classes : 0)}. "
            + AccuracyText.Legend).AppendLine();
        md.AppendLine("| Method | " + string.Join(" | ", budgets.Select(b => Header(b, curve))) + " |")
            .AppendLine("|---|" + string.Concat(budgets.Select(_ => "---|")));
        foreach (var group in curve.GroupBy(p => p.Protocol).OrderBy(g => g.Key))
        {
            md.AppendLine($"| {FigureStyle.Name(group.Key)} | "
                + string.Join(" | ", budgets.Select(b => group.FirstOrDefault(p => p.Budget == b) is { } p ? AccuracyText.Cell(p) : "—")) + " |");
        }
        md.AppendLine();
        var steps = report.Protocols.Where(r => r.Steps is not null).GroupBy(r => r.Budget.ToString()).ToDictionary(g => g.Key, g => g.Max(r => r.Steps!.Value));
        if (steps.Count > 0)
        {
            md.AppendLine("Fine-tuning steps per budget (the same from pretrained and from scratch): "
                + string.Join(", ", budgets.Where(steps.ContainsKey).Select(b => $"{b}: {steps[b]}")) + ".").AppendLine();
        }
    }

    // "1", "10", "all (20/class)": the column of a budget, with how many labels "all" was.
    private static string Header(string budget, IReadOnlyList<LabelCurvePoint> curve)
    {
        var point = curve.First(p => p.Budget == budget);
        return point.LabelsPerClass is { } k ? k.ToString(CultureInfo.InvariantCulture)
            : $"{budget} ({point.VideosPerClass.ToString("0.#", CultureInfo.InvariantCulture)}/class)";
    }
}
