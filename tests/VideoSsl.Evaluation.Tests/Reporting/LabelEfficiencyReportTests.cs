using System.Buffers.Binary;
using System.Text.RegularExpressions;
using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Protocols;
using VideoSsl.Evaluation.Reporting;
using VideoSsl.Evaluation.Reporting.Figures;
using VideoSsl.Evaluation.Sampling;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Evaluation.Tests.Reporting;

public class LabelEfficiencyReportTests
{
    private const int TestVideos = 60;
    private static readonly string[] Classes = ["left", "right", "spin"];
    private static readonly int[] Seeds = [0, 1, 2];
    private static readonly LabelBudget[] Budgets = [.. new[] { 1, 2, 5, 10 }.Select(LabelBudget.PerClass), LabelBudget.All];

    // Base top-1 of each protocol at one label per class; every budget adds a little, every seed a test video or two.
    private static readonly Dictionary<EvaluationProtocol, double> Skill = new()
    {
        [EvaluationProtocol.PretrainedProbe] = 0.50, [EvaluationProtocol.RandomProbe] = 0.35, [EvaluationProtocol.MotionEnergyProbe] = 0.45,
        [EvaluationProtocol.FinetunePretrained] = 0.55, [EvaluationProtocol.FinetuneScratch] = 0.40,
    };

    // A result with exactly `correct` of the test videos right.
    private static ClassificationResult Result(int correct)
    {
        var labels = Enumerable.Range(0, TestVideos).Select(i => i % Classes.Length).ToArray();
        var scores = labels.Select((l, i) => Enumerable.Range(0, Classes.Length).Select(c => c == (i < correct ? l : (l + 1) % Classes.Length) ? 1f : 0f).ToArray()).ToArray();
        return ClassificationMetrics.Compute(scores, labels, Classes);
    }

    private static List<ProtocolRun> Runs()
    {
        var runs = new List<ProtocolRun>();
        foreach (var (protocol, skill) in Skill)
        {
            foreach (var (budget, b) in Budgets.Select((x, i) => (x, i)))
            {
                foreach (var seed in Seeds)
                {
                    var correct = (int)Math.Round((skill + (0.08 * b)) * TestVideos) + (2 * seed) - 2;
                    var videos = budget.CountFor(20) * Classes.Length;
                    var steps = protocol is EvaluationProtocol.FinetunePretrained or EvaluationProtocol.FinetuneScratch ? 10 * (b + 1) : (int?)null;
                    runs.Add(new ProtocolRun(protocol, budget, seed, videos, 1, Result(correct), steps));
                }
            }
        }
        return runs;
    }

    private static EvaluationReport Report(List<ProtocolRun> runs) => new()
    {
        Run = "curve-run",
        Seeds = Seeds,
        Protocols = runs,
        LabelCurve = LabelCurve.From(runs),
        Targets = EvaluateRunner.Targets(runs, null),
    };

    [Fact]
    public void Curve_has_every_method_at_every_budget_with_mean_std_and_a_wilson_interval()
    {
        var runs = Runs();
        var curve = LabelCurve.From(runs);

        Assert.Equal(Skill.Count * Budgets.Length, curve.Count);
        Assert.All(curve, p => Assert.Equal((3, TestVideos), (p.Seeds, p.TestSamples)));
        Assert.Equal(["1 per class", "2 per class", "5 per class", "10 per class", "all"], LabelCurve.Budgets(curve));
        var atTen = curve.Single(p => p.Protocol == EvaluationProtocol.PretrainedProbe && p.LabelsPerClass == 10);
        var top1 = runs.Where(r => r.Protocol == EvaluationProtocol.PretrainedProbe && r.Budget.LabelsPerClass == 10).Select(r => r.Result.Top1).ToList();
        Assert.Equal(top1.Average(), atTen.MeanTop1, 12);
        Assert.Equal(AccuracyText.Std(top1), atTen.StdTop1, 12);
        Assert.True(atTen.StdTop1 > 0);
        Assert.Equal(Wilson.Interval(top1.Average() * TestVideos, TestVideos), (atTen.Low, atTen.High));
        Assert.True(atTen.Low < atTen.MeanTop1 && atTen.MeanTop1 < atTen.High);
        Assert.Equal(10, atTen.VideosPerClass);
        Assert.Equal(20, curve.Single(p => p.Protocol == EvaluationProtocol.PretrainedProbe && p.Budget == "all").VideosPerClass);
    }

    [Fact]
    public async Task Report_opens_with_the_label_efficiency_table_and_figure()
    {
        using var temp = new TempFolder("curve-report");
        var store = new FolderBlobStore(temp.Path);
        var report = Report(Runs());

        var written = await ReportWriter.WriteAsync(store, report);

        var markdown = await store.ReadTextAsync(written.Markdown);
        var headings = Regex.Matches(markdown, "^## (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(LabelEfficiencySection.Title, headings[0]);
        var section = markdown[markdown.IndexOf("## Label efficiency", StringComparison.Ordinal)..markdown.IndexOf("## Summary", StringComparison.Ordinal)];
        Assert.Contains($"]({ReportFigures.LabelCurvePath})", section);
        Assert.Contains("| Method | 1 | 2 | 5 | 10 | all (20/class) |", section);
        Assert.Contains("3 label-sample seed(s) (0, 1, 2)", section);
        Assert.Contains("Fine-tuning steps per budget", section);
        foreach (var protocol in Skill.Keys)
        {
            var row = section.Split('\n').Single(l => l.StartsWith($"| {FigureStyle.Name(protocol)} |", StringComparison.Ordinal));
            var cells = row.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..];
            Assert.Equal(report.LabelCurve.Where(p => p.Protocol == protocol).OrderBy(p => p.VideosPerClass).Select(AccuracyText.Cell), cells);
            Assert.All(cells, c => Assert.Matches(@"^\d+\.\d ± \d+\.\d \[\d+\.\d–\d+\.\d\]$", c));
        }
        // Every accuracy in the protocol tables carries its interval too.
        Assert.Matches(@"\| linear probe, pretrained \| 10 per class \| 3 \| 30 \| [^|]+ \| 1 \| \d+\.\d% ± \d+\.\d \[", markdown);

        var png = await store.ReadAllBytesAsync($"runs/curve-run/{ReportFigures.LabelCurvePath}");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal((800, 560), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        Assert.Contains(written.Figures, f => f.EndsWith(ReportFigures.LabelCurvePath, StringComparison.Ordinal));
    }

    [Fact]
    public void Targets_are_checked_at_ten_labels_per_class_on_the_mean_over_seeds()
    {
        var runs = Runs();
        var targets = EvaluateRunner.Targets(runs, null);

        double Mean(EvaluationProtocol p) => runs.Where(r => r.Protocol == p && r.Budget.LabelsPerClass == 10).Average(r => 100 * r.Result.Top1);
        var probe = targets.Single(t => t.Name.StartsWith("linear probe", StringComparison.Ordinal));
        Assert.Contains("10 labels/class, mean of 3 seeds, test split", probe.Name);
        Assert.Equal(Mean(EvaluationProtocol.PretrainedProbe), probe.Actual, 9);
        Assert.Equal(EvaluateRunner.ProbeTarget, probe.Target);
        var gain = targets.Single(t => t.Name.StartsWith("fine-tuning: pretrained minus scratch", StringComparison.Ordinal));
        Assert.Equal(Mean(EvaluationProtocol.FinetunePretrained) - Mean(EvaluationProtocol.FinetuneScratch), gain.Actual, 9);
        Assert.Equal(EvaluateRunner.FinetuneGainTarget, gain.Target);
        var reference = targets.Single(t => t.Name.StartsWith("fine-tuning from pretrained minus the motion-energy probe", StringComparison.Ordinal));
        Assert.Equal(Mean(EvaluationProtocol.FinetunePretrained) - Mean(EvaluationProtocol.MotionEnergyProbe), reference.Actual, 9);
        Assert.Equal(reference.Actual >= 0, reference.Passed);
    }
}
