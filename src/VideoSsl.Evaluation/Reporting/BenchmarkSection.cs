using System.Globalization;
using System.Text;
using VideoSsl.Evaluation.Benchmarks;

namespace VideoSsl.Evaluation.Reporting;

/// <summary>Renders a <see cref="BenchmarkComparison"/>: this run and its baselines next to the published rows, with each side's budget.</summary>
public static class BenchmarkSection
{
    /// <summary>The subsection's heading for a benchmark.</summary>
    public static string Title(BenchmarkComparison comparison) => $"Benchmark: {comparison.Name}";

    /// <summary>Appends the table and its notes; the ratio column is each MSE over this run's copy-last MSE.</summary>
    public static void Render(StringBuilder md, BenchmarkComparison comparison)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"### {Title(comparison)}").AppendLine();
        var copyLast = comparison.Rows.FirstOrDefault(r => r.Method == FutureFrameReport.CopyLast)?.Mse;
        md.AppendLine("| Predictor | Params (M) | GFLOPs | Epochs | Training | MSE / frame | MAE / frame | SSIM | PSNR (dB) | MSE × copy-last |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in comparison.Rows)
        {
            var ratio = copyLast is > 0 ? F(r.Mse / copyLast.Value, "0.000") : "—";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Method} | {Optional(r.ParamsMillions, "0.00")} | {Optional(r.Gflops, "0.0")} | {r.Epochs} | {r.Training} | {F(r.Mse, "0.00")} | {F(r.Mae, "0.00")} | {F(r.Ssim, "0.0000")} | {Optional(r.Psnr, "0.00")} | {ratio} |");
        }
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Published rows: {comparison.Source}.").AppendLine();
        foreach (var note in comparison.Notes)
        {
            md.AppendLine("- " + note);
        }
        md.AppendLine();
    }

    private static string Optional(double? value, string format) => value is { } v ? F(v, format) : "—";

    private static string F(double value, string format) => double.IsPositiveInfinity(value) ? "∞" : value.ToString(format, CultureInfo.InvariantCulture);
}
