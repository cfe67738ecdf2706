using VideoSsl.Models;

namespace VideoSsl.Evaluation.Metrics;

/// <summary>Structural similarity (Wang et al. 2004) of two images in [0, 1], stored [H][W][C].</summary>
/// <remarks>
/// Gaussian window 11×11 with σ = 1.5, K1 = 0.01, K2 = 0.03, data range 1, population (not sample) covariance; the
/// SSIM map is averaged over the positions where the window lies wholly inside the image, then over channels. This is
/// scikit-image's <c>structural_similarity(x, y, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
/// data_range=1, channel_axis=-1)</c> (its border crop makes its reflect padding irrelevant) and the Wang et al.
/// reference. OpenSTL's metric() calls scikit-image with its defaults instead (7×7 uniform window, sample covariance),
/// so its SSIM values are close but not identical.
/// </remarks>
public static class Ssim
{
    public const int Window = StructuralSimilarity.Window;
    public const double Sigma = StructuralSimilarity.Sigma;
    private const double C1 = StructuralSimilarity.C1;
    private const double C2 = StructuralSimilarity.C2;
    private static readonly double[] Weights = [.. StructuralSimilarity.Weights];

    /// <summary>Mean SSIM over channels; images must be at least 11×11.</summary>
    public static double Compute(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int height, int width, int channels)
    {
        if (x.Length != height * width * channels || y.Length != x.Length)
        {
            throw new ArgumentException($"images of {x.Length} and {y.Length} values do not match {height}x{width}x{channels}");
        }
        if (height < Window || width < Window)
        {
            throw new ArgumentException($"SSIM needs images of at least {Window}x{Window}; got {height}x{width}");
        }
        var total = 0.0;
        for (var c = 0; c < channels; c++)
        {
            total += Channel(x, y, height, width, channels, c);
        }
        return total / channels;
    }

    private static double Channel(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int height, int width, int channels, int c)
    {
        var outW = width - Window + 1;
        var outH = height - Window + 1;
        // Horizontal pass of the five moments: (H, outW) each.
        var h = new double[5][];
        for (var m = 0; m < 5; m++)
        {
            h[m] = new double[height * outW];
        }
        for (var r = 0; r < height; r++)
        {
            for (var col = 0; col < outW; col++)
            {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (var k = 0; k < Window; k++)
                {
                    var i = ((r * width) + col + k) * channels + c;
                    double a = x[i], b = y[i], w = Weights[k];
                    mx += w * a;
                    my += w * b;
                    xx += w * a * a;
                    yy += w * b * b;
                    xy += w * a * b;
                }
                var o = r * outW + col;
                (h[0][o], h[1][o], h[2][o], h[3][o], h[4][o]) = (mx, my, xx, yy, xy);
            }
        }
        var sum = 0.0;
        for (var r = 0; r < outH; r++)
        {
            for (var col = 0; col < outW; col++)
            {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (var k = 0; k < Window; k++)
                {
                    var i = (r + k) * outW + col;
                    var w = Weights[k];
                    mx += w * h[0][i];
                    my += w * h[1][i];
                    xx += w * h[2][i];
                    yy += w * h[3][i];
                    xy += w * h[4][i];
                }
                var vx = xx - mx * mx;
                var vy = yy - my * my;
                var cov = xy - mx * my;
                sum += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
            }
        }
        return sum / (outH * outW);
    }
}
