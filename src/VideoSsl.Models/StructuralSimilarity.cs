namespace VideoSsl.Models;

/// <summary>Differentiable SSIM of frames in [0, 1], the same definition as the evaluator's metric (Gaussian window 11×11, σ = 1.5, K1 = 0.01, K2 = 0.03, data range 1, population covariance, map averaged where the window lies inside the frame).</summary>
/// <remarks>
/// Pixel MSE lets a model that is unsure where a digit goes paint a faint haze over every place it could be; SSIM's
/// luminance and contrast terms punish that haze over a black background hard (a mean of 0.02 where the target's is 0
/// already takes the luminance term to 0.2), so a loss with an SSIM term trades a little MSE for predictions that commit.
/// The window is separable: each frame is blurred along rows and columns by two band-matrix products (one matrix multiply for all frames and moments, far cheaper on a CPU than 1-channel convolutions).
/// </remarks>
public static class StructuralSimilarity
{
    /// <summary>Side of the Gaussian window.</summary>
    public const int Window = 11;

    /// <summary>Standard deviation of the Gaussian window, in pixels.</summary>
    public const double Sigma = 1.5;

    /// <summary>(K1 · data range)² and (K2 · data range)² with K1 = 0.01, K2 = 0.03, data range 1.</summary>
    public const double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;

    /// <summary>The window's normalized 1-D weights (the 2-D window is their outer product).</summary>
    public static IReadOnlyList<double> Weights { get; } = GaussianWeights();

    /// <summary>Mean SSIM over every frame and channel of <paramref name="x"/> and <paramref name="y"/> (B, C, T, H, W), a 0-dimensional tensor.</summary>
    /// <exception cref="ArgumentException">The shapes differ or the frames are smaller than the window.</exception>
    public static Tensor Mean(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!x.shape.SequenceEqual(y.shape) || x.dim() != 5)
        {
            throw new ArgumentException($"SSIM needs two (B, C, T, H, W) tensors of one shape; got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}]");
        }
        long h = x.shape[3], w = x.shape[4];
        if (h < Window || w < Window)
        {
            throw new ArgumentException($"SSIM needs frames of at least {Window}x{Window}; got {h}x{w}");
        }
        using var scope = NewDisposeScope();
        var frames = x.shape[0] * x.shape[1] * x.shape[2];
        var a = x.reshape(frames, h, w);
        var b = y.reshape(frames, h, w);
        // The five local moments of every frame, blurred at once: rows by one band-matrix product, columns by another.
        var moments = cat([a, b, a.Squared(), b.Squared(), a * b], 0);                              // (5F, H, W)
        var blurred = matmul(Band(h, x.device, x.dtype).t(), matmul(moments, Band(w, x.device, x.dtype))).chunk(5, 0);
        var (mx, my) = (blurred[0], blurred[1]);
        var mxx = mx.Squared();
        var myy = my.Squared();
        var mxy = mx * my;
        var vx = blurred[2] - mxx;
        var vy = blurred[3] - myy;
        var cov = blurred[4] - mxy;
        var luminance = mxy.Times(2).Plus(C1) / mxx.Plus(myy).Plus(C1);
        var structure = cov.Times(2).Plus(C2) / vx.Plus(vy).Plus(C2);
        return (luminance * structure).mean().MoveToOuterDisposeScope();
    }

    // (n, n − Window + 1): column j holds the Gaussian weights at rows j … j + Window − 1, so v·Band is the valid 1-D blur of v.
    private static Tensor Band(long n, Device device, ScalarType dtype)
    {
        var outputs = n - Window + 1;
        var band = new float[n * outputs];
        for (var j = 0; j < outputs; j++)
        {
            for (var k = 0; k < Window; k++)
            {
                band[(j + k) * outputs + j] = (float)Weights[k];
            }
        }
        return tensor(band, device: device).reshape(n, outputs).to_type(dtype);
    }

    private static double[] GaussianWeights()
    {
        var values = new double[Window];
        for (var i = 0; i < Window; i++)
        {
            var d = i - Window / 2;
            values[i] = Math.Exp(-d * d / (2 * Sigma * Sigma));
        }
        var total = values.Sum();
        return values.Select(v => v / total).ToArray();
    }
}
