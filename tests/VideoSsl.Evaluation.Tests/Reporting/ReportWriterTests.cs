using System.Text.RegularExpressions;
using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Reporting;
using VideoSsl.Evaluation.Reporting.Figures;
using VideoSsl.Evaluation.Sampling;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Evaluation.Tests.Reporting;

public class ReportWriterTests
{
    private static readonly string[] Classes = ["archery", "bowling", "curling"];
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ClassificationResult Result(double skill, int seed)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, 30).Select(i => i % 3).ToArray();
        var scores = labels.Select(l => Enumerable.Range(0, 3).Select(c => (float)(random.NextDouble() + (c == l ? skill : 0))).ToArray()).ToArray();
        return ClassificationMetrics.Compute(scores, labels, Classes);
    }

    private static EvaluationReport HandBuilt()
    {
        var runs = new List<ProtocolRun>();
        var skill = new Dictionary<EvaluationProtocol, double>
        {
            [EvaluationProtocol.PretrainedProbe] = 0.8, [EvaluationProtocol.RandomProbe] = 0.2,
            [EvaluationProtocol.FinetunePretrained] = 1.0, [EvaluationProtocol.FinetuneScratch] = 0.4,
            [EvaluationProtocol.MotionEnergyProbe] = 0.5,
        };
        foreach (var (protocol, s) in skill)
        {
            foreach (var seed in new[] { 0, 1 })
            {
                runs.Add(new ProtocolRun(protocol, LabelBudget.PerClass(1), seed, 3, 4, Result(s * 0.4, seed + 10)));
                var fineTuning = protocol is EvaluationProtocol.FinetunePretrained or EvaluationProtocol.FinetuneScratch;
                runs.Add(new ProtocolRun(protocol, LabelBudget.PerClass(5), seed, 15, 4, Result(s, seed + 20), fineTuning ? 40 : null)
                {
                    Curve = fineTuning ? [.. Enumerable.Range(1, 8).Select(i => new FineTuneCurvePoint(i * 5, 2.0 / i, i % 2 == 0 ? s * i / 8 : null))] : null,
                    LearningRate = fineTuning ? 1e-3 : null,
                    ProbePenalty = fineTuning ? null : 0.01,
                    ProbeFolds = fineTuning ? null : 5,
                });
            }
            runs.Add(new ProtocolRun(protocol, LabelBudget.All, 0, 60, 4, Result(s * 1.5, 30)));
        }
        FutureFrameResult Ff(double mse, double psnr) => new(12, 4, mse, mse * 4, 0.8, psnr, [mse * 0.5, mse, mse * 1.2, mse * 1.3], [0.9, 0.8, 0.75, 0.7]);
        var future = new FutureFrameReport(4, 4,
        [
            new(FutureFrameReport.Model, Ff(20, 24)), new(FutureFrameReport.CopyLast, Ff(35, double.PositiveInfinity)), new(FutureFrameReport.MeanFrame, Ff(60, 15)),
        ])
        {
            Source = "actions, test split, 4 clips from each of 3 classes",
            Classes = new Dictionary<string, int> { ["left"] = 4, ["right"] = 4, ["still"] = 4 },
            PerClass = [new("left", 4, Ff(30, 20), Ff(60, 18)), new("right", 4, Ff(28, 20), Ff(50, 18)), new("still", 4, Ff(2, 40), Ff(3, 38))],
        };
        return new EvaluationReport
        {
            Run = "unit-run",
            Datasets = [new("synth-actions", "v1abc", "pretrain", null, 0, 200, 0, 800), new("ucf-mini", "v2def", "labeled", "Ucf101", 3, 60, 30, 360)],
            Seeds = [0, 1],
            Settings = new Dictionary<string, string> { ["model"] = "vit-tiny", ["probe-epochs"] = "50" },
            Protocols = runs,
            LabelCurve = LabelCurve.From(runs),
            FutureFrames = future,
            Benchmark = VideoSsl.Evaluation.Benchmarks.MovingMnistBenchmark.Compare(future, new("vit-tiny", 2_000_000, 160_000, 3600, "cpu")),
            Pretraining = new PretrainingSummary(["mae", "future"], 1000, 3600,
                Enumerable.Range(0, 20).Select(i => new LossPoint(i * 50, new Dictionary<string, double> { ["mae"] = 1.0 / (1 + i), ["future"] = 2.0 / (1 + i * 0.5) })).ToList()),
            Targets =
            [
                new("probe gain over random init", 10, 25, TargetDirection.AtLeast, " pts"),
                new("model MSE vs copy-last", 35, 20, TargetDirection.AtMost),
                new("fine-tune top-1", 0.99, 0.9, TargetDirection.AtLeast),
            ],
            ReproduceCommand = "videossl evaluate --run unit-run --labels-per-class 1,5",
        };
    }

    [Fact]
    public async Task Writes_every_section_and_figure_into_the_run_folder()
    {
        using var temp = new TempFolder("report");
        var store = new FolderBlobStore(temp.Path);
        var strip = new PredictionStrip(new float[2 * 16 * 16], Enumerable.Repeat(0.5f, 2 * 16 * 16).ToArray(), Enumerable.Repeat(0.4f, 2 * 16 * 16).ToArray(), 16, 16, 1);

        var written = await ReportWriter.WriteAsync(store, HandBuilt(), [strip]);

        Assert.Equal("runs/unit-run", written.Folder);
        var markdown = await store.ReadTextAsync("runs/unit-run/report.md");
        var headings = Regex.Matches(markdown, "^## (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(MarkdownReport.Sections, headings);
        string[] expected =
        [
            ReportFigures.LossCurve, ReportFigures.LabelCurvePath, ReportFigures.PerClassProbe, ReportFigures.PerClassFinetune,
            .. Enum.GetValues<EvaluationProtocol>().Select(ReportFigures.Confusion), ReportFigures.Strip(0),
            ReportFigures.FinetuneLoss, ReportFigures.FinetuneValidation, ReportFigures.FutureMse, ReportFigures.FutureSsim,
        ];
        foreach (var figure in expected)
        {
            Assert.Contains($"]({figure})", markdown);
            var png = await store.ReadAllBytesAsync($"runs/unit-run/{figure}");
            Assert.Equal(PngSignature, png[..8]);
            Assert.True(png.Length > 2000 || figure == ReportFigures.Strip(0), $"{figure} is only {png.Length} bytes");
        }
        Assert.Equal(expected.Order(), written.Figures.Select(f => f["runs/unit-run/".Length..]).Order());
        Assert.Contains("2 of 3 targets met", markdown);
        Assert.Contains("| fine-tune top-1 | ≥ 0.99 | 0.9 | FAIL | -0.09 |", markdown);
        Assert.Contains("videossl evaluate --run unit-run", markdown);
        Assert.Contains("- Reference (all): the same probe on hand-crafted motion-energy features scores", markdown);
        Assert.Contains("| linear probe, motion-energy features (reference) | 5 per class | 2 |", markdown);
        Assert.Contains("| copy-last-frame | 35 | 140 | 0.8000 | ∞ |", markdown);
        Assert.Contains("### Benchmark: moving-mnist", markdown);
        Assert.Contains("| this run: vit-tiny | 2.00 | — | 16 | 1:00:00 on cpu | 20.00 | 80.00 | 0.8000 | 24.00 | 0.571 |", markdown);
        Assert.Contains("(actions, test split, 4 clips from each of 3 classes)", markdown);
        Assert.Contains("| right | 4 | 28 | 50 | 0.56 | 0.8000 | 0.8000 |", markdown);
        Assert.Contains("| linear probe, pretrained | 5 per class | 2 | 15 | 0.01, 0.01 | 4 |", markdown);
        Assert.Contains("| fine-tune, scratch | 5 per class | 2 | 15 | 40 | 0.001 | 4 |", markdown);
        Assert.Contains("Scored on the test split (30 videos), once", markdown);
    }

    [Fact]
    public async Task Report_json_round_trips_including_infinite_psnr()
    {
        using var temp = new TempFolder("report");
        var store = new FolderBlobStore(temp.Path);
        var report = HandBuilt();
        await ReportWriter.WriteAsync(store, report, runFolder: "custom/place");
        var json = await store.ReadTextAsync("custom/place/report.json");
        var back = ReportJson.Deserialize(json);
        Assert.Equal(report.Run, back.Run);
        Assert.Equal(report.Protocols.Count, back.Protocols.Count);
        Assert.Equal(report.Protocols[1].Result.Confusion, back.Protocols[1].Result.Confusion);
        Assert.Equal(5, back.Protocols[1].Budget.LabelsPerClass);
        Assert.True(double.IsPositiveInfinity(back.FutureFrames!.Rows[1].Metrics.Psnr));
        Assert.Equal(report.Benchmark!.Rows, back.Benchmark!.Rows);
        Assert.Contains("\"finetunePretrained\"", json);
        Assert.Contains("\"passed\": false", json);
    }

    [Fact]
    public async Task An_empty_report_still_has_every_section()
    {
        using var temp = new TempFolder("report");
        var store = new FolderBlobStore(temp.Path);
        var written = await ReportWriter.WriteAsync(store, new EvaluationReport { Run = "empty" });
        var markdown = await store.ReadTextAsync(written.Markdown);
        Assert.All(MarkdownReport.Sections, s => Assert.Contains($"## {s}\n", markdown));
        Assert.Empty(written.Figures);
    }

    [Fact]
    public void Label_curve_averages_seeds_per_protocol_and_budget_all_included()
    {
        var curve = LabelCurve.From(HandBuilt().Protocols);
        Assert.Equal(15, curve.Count);   // 5 protocols × {1 per class, 5 per class, all}
        Assert.All(curve.Where(p => p.LabelsPerClass is not null), p => Assert.Equal(2, p.Seeds));
        Assert.All(curve.Where(p => p.LabelsPerClass is null), p => Assert.Equal((1, "all", 20.0), (p.Seeds, p.Budget, p.VideosPerClass)));
        Assert.Equal([1, 5, null], curve.Where(p => p.Protocol == EvaluationProtocol.RandomProbe).Select(p => p.LabelsPerClass));
    }
}
