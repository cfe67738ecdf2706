using VideoSsl.Clips;
using VideoSsl.Evaluation.Metrics;

namespace VideoSsl.Evaluation.Tests.Metrics;

public class FutureFrameMetricsTests
{
    // 2 target frames of 12×12×3; 0.25 and 0.5 are exact in binary, so the expected values are exact too.
    private static readonly ClipShape Shape = new(2, 12, 12, 3);
    private const int Pixels = 12 * 12 * 3;

    private static float[] Filled(float value) => Enumerable.Repeat(value, Shape.ClipBytes).ToArray();

    [Fact]
    public void Mse_and_mae_sum_over_the_pixels_of_a_frame_and_average_over_frames_and_clips()
    {
        var result = FutureFrameMetrics.Evaluate([Filled(0.75f), Filled(1.0f)], [Filled(0.5f), Filled(0.5f)], Shape);
        // Clip 1: every value off by 0.25 → per frame Σ(0.25²) = 432·0.0625 = 27; clip 2: off by 0.5 → 432·0.25 = 108.
        Assert.Equal((27.0 + 108.0) / 2, result.Mse, 9);
        Assert.Equal((Pixels * 0.25 + Pixels * 0.5) / 2, result.Mae, 9);
        Assert.Equal([67.5, 67.5], result.MsePerStep);
        Assert.Equal(2, result.Clips);
    }

    [Fact]
    public void Psnr_of_a_constant_offset_is_20_log10_of_one_over_the_offset()
    {
        var result = FutureFrameMetrics.Evaluate([Filled(0.75f)], [Filled(0.5f)], Shape);
        Assert.Equal(20 * Math.Log10(1 / 0.25), result.Psnr, 9);
        Assert.Equal(20 * Math.Log10(1 / 0.25), FrameMetrics.Psnr(Filled(0.75f), Filled(0.5f)), 9);
    }

    [Fact]
    public void Predictions_are_clamped_for_ssim_and_psnr_but_not_for_mse()
    {
        var result = FutureFrameMetrics.Evaluate([Filled(1.5f)], [Filled(1.0f)], Shape);
        Assert.Equal(Pixels * 0.25, result.Mse, 9);
        Assert.True(double.IsPositiveInfinity(result.Psnr));
        Assert.Equal(1.0, result.Ssim, 12);
    }

    [Fact]
    public void Per_frame_sums_match_by_hand()
    {
        float[] p = [0.5f, 0.25f, 1f];
        float[] y = [0.25f, 0.25f, 0.5f];
        Assert.Equal(0.0625 + 0 + 0.25, FrameMetrics.SquaredErrorSum(p, y), 12);
        Assert.Equal(0.25 + 0 + 0.5, FrameMetrics.AbsoluteErrorSum(p, y), 12);
        Assert.Equal(20 * Math.Log10(1 / Math.Sqrt(0.3125 / 3)), FrameMetrics.Psnr(p, y), 9);
    }

    [Fact]
    public void Baselines_copy_the_last_context_frame_and_the_training_mean_frame()
    {
        const int frame = 2;
        float[] context = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f];    // three 2-value frames
        Assert.Equal([0.5f, 0.6f, 0.5f, 0.6f], FrameBaselines.CopyLastFrame(context, frame, 2));
        Assert.Equal([0.3f, 0.4f], FrameBaselines.ContextMean(context, frame, 1), new ToleranceComparer(1e-6f));
        var mean = FrameBaselines.TrainingMeanFrame([[0f, 1f, 1f, 1f], [0.5f, 0f]], frame);
        Assert.Equal([1.5f / 3, 2f / 3], mean, new ToleranceComparer(1e-6f));
        Assert.Throws<ArgumentException>(() => FrameBaselines.CopyLastFrame(context, 4, 1));
    }

    [Fact]
    public void Copy_last_is_perfect_on_a_static_clip()
    {
        var clip = ClipPixels.ToUnit(Enumerable.Range(0, 5 * Pixels).Select(i => (byte)(i % Pixels % 256)).ToArray());
        var (context, target) = ClipPixels.Split(clip, Pixels, 3);
        var result = FutureFrameMetrics.Evaluate([FrameBaselines.CopyLastFrame(context, Pixels, 2)], [target], Shape);
        Assert.Equal(0, result.Mse);
        Assert.Equal(1, result.Ssim, 12);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(float value) => 0;
    }
}
