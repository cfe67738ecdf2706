using VideoSsl.Rendering;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>Future-frame MSE and SSIM against the prediction horizon, the model next to the baselines: where a prediction starts to fade.</summary>
public static class FutureStepFigure
{
    /// <summary>The MSE figure and the SSIM figure.</summary>
    public static (byte[] Mse, byte[] Ssim) Render(FutureFrameReport report) =>
        (LossChart.RenderPng(Series(report, r => r.MsePerStep), "Future frames: MSE per frame by horizon", "MSE / frame", FigureStyle.Width, FigureStyle.Height),
         LossChart.RenderPng(Series(report, r => r.SsimPerStep), "Future frames: SSIM by horizon", "SSIM", FigureStyle.Width, FigureStyle.Height));

    private static List<LossSeries> Series(FutureFrameReport report, Func<Metrics.FutureFrameResult, IReadOnlyList<double>> values) =>
        [.. report.Rows.Select(r => new LossSeries(r.Method, values(r.Metrics).Select((v, i) => ((double)(i + 1), v)).ToList()))];
}
