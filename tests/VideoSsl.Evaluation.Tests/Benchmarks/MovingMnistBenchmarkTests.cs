using System.Text;
using VideoSsl.Evaluation.Benchmarks;
using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Protocols;
using VideoSsl.Evaluation.Reporting;

namespace VideoSsl.Evaluation.Tests.Benchmarks;

/// <summary>The Moving MNIST table: this run and its baselines next to OpenSTL's published rows, each with its budget.</summary>
public class MovingMnistBenchmarkTests
{
    private static FutureFrameResult Result(double mse, double mae, double ssim, double psnr) => new(10_000, 10, mse, mae, ssim, psnr, [mse], [ssim]);

    private static readonly FutureFrameReport Future = new(10, 10,
    [
        new(FutureFrameReport.Model, Result(90, 250, 0.62, 16.2)),
        new(FutureFrameReport.CopyLast, Result(280, 330, 0.59, 11.8)),
        new(FutureFrameReport.MeanFrame, Result(150, 340, 0.14, 14.5)),
    ]);

    private static readonly RunBudget Run = new("conv tiny", 1_745_000, 6_000L * 16, 1_650, "cpu");

    [Fact]
    public void The_table_has_this_run_its_baselines_and_the_published_rows_with_each_sides_budget()
    {
        var table = MovingMnistBenchmark.Compare(Future, Run);

        Assert.Equal(["this run: conv tiny", FutureFrameReport.CopyLast, FutureFrameReport.MeanFrame], table.Rows.Take(3).Select(r => r.Method));
        var run = table.Rows[0];
        Assert.Equal(("9.6", "0:27:30 on cpu", 1.745), (run.Epochs, run.Training, run.ParamsMillions!.Value));
        Assert.Equal((90.0, 250.0, 0.62, 16.2), (run.Mse, run.Mae, run.Ssim, run.Psnr!.Value));
        Assert.All(table.Rows.Take(3), r => Assert.False(r.Published));
        Assert.All(table.Rows.Skip(1).Take(2), r => Assert.Equal(("—", "none"), (r.Epochs, r.Training)));

        var published = table.Rows.Skip(3).ToList();
        Assert.All(published, r => Assert.True(r.Published));
        Assert.Equal(
            [
                ("ConvLSTM-L (OpenSTL)", "to convergence", 29.88, 95.05, 0.925, 33.8, 127.0),
                ("PredRNN (OpenSTL)", "to convergence", 25.04, 76.26, 0.944, 23.8, 116.0),
                ("PredRNN++ (OpenSTL)", "to convergence", 22.45, 69.70, 0.950, 38.6, 171.7),
                ("SimVP IncepU (OpenSTL)", "200", 32.15, 89.05, 0.9268, 58.0, 19.4),
                ("SimVP gSTA (OpenSTL)", "200", 26.69, 77.19, 0.9402, 46.8, 16.5),
                ("SimVP IncepU (OpenSTL)", "2000", 21.15, 64.15, 0.9536, 58.0, 19.4),
                ("SimVP gSTA (OpenSTL)", "2000", 15.05, 49.80, 0.9670, 46.8, 16.5),
            ],
            published.Select(r => (r.Method, r.Epochs, r.Mse, r.Mae, r.Ssim, r.ParamsMillions!.Value, r.Gflops!.Value)));
        Assert.Equal([null, null, null, 37.97, 38.3, 38.81, null], published.Select(r => r.Psnr));
        Assert.Contains(table.Notes, n => n.Contains("10,000 sequences", StringComparison.Ordinal));
        Assert.Contains(table.Notes, n => n.Contains("10 GPU-hours for 200 epochs", StringComparison.Ordinal));
    }

    [Fact]
    public void The_markdown_table_gives_each_mse_as_a_multiple_of_copy_last()
    {
        var md = new StringBuilder();
        BenchmarkSection.Render(md, MovingMnistBenchmark.Compare(Future with { Rows = [Future.Rows[0], Future.Rows[1], Future.Rows[2]] }, Run with { WallSeconds = null }));
        var text = md.ToString();

        Assert.Contains("### Benchmark: moving-mnist", text, StringComparison.Ordinal);
        Assert.Contains("| this run: conv tiny | 1.75 | — | 9.6 | cpu (wall time not recorded) | 90.00 | 250.00 | 0.6200 | 16.20 | 0.321 |", text, StringComparison.Ordinal);
        Assert.Contains("| copy-last-frame | — | — | — | none | 280.00 | 330.00 | 0.5900 | 11.80 | 1.000 |", text, StringComparison.Ordinal);
        Assert.Contains("| SimVP gSTA (OpenSTL) | 46.80 | 16.5 | 200 | GPU (V100) | 26.69 | 77.19 | 0.9402 | 38.30 | 0.095 |", text, StringComparison.Ordinal);
        Assert.Contains("| ConvLSTM-L (OpenSTL) | 33.80 | 127.0 | to convergence | GPU (V100) | 29.88 | 95.05 | 0.9250 | — | 0.107 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_benchmark_holds_future_frames_to_a_third_of_copy_last_and_needs_a_test_set()
    {
        var targets = EvaluateRunner.Targets([], Future, EvaluateRunner.MovingMnistRatioTarget);
        var ratio = targets.Single(t => t.Name.StartsWith("future-frame MSE / copy-last", StringComparison.Ordinal));
        Assert.Equal((0.35, 90 / 280.0, true), (ratio.Target, ratio.Actual, ratio.Passed));
        Assert.All(targets.Where(t => t.Name.Contains("SSIM", StringComparison.Ordinal)), t => Assert.True(t.Passed, t.Name));

        Assert.Contains(new EvaluateOptions { Benchmark = "moving-mnist" }.Validate(), p => p.StartsWith("benchmark: compares future-frame results", StringComparison.Ordinal));
        Assert.Contains(new EvaluateOptions { Benchmark = "kitti", FutureDataset = "t" }.Validate(), p => p == "benchmark: 'kitti' is not moving-mnist");
        Assert.Empty(new EvaluateOptions { Benchmark = "moving-mnist", FutureDataset = "t" }.Validate());
    }
}
