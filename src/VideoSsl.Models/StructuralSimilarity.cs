using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Models;

/// <summary>Differentiable SSIM of frames in [0, 1], the same definition as the evaluator's metric (Gaussian window 11×11, σ = 1.5, K1 = 0.01, K2 = 0.03, data range 1, population covariance, map averaged where the window lies inside the frame).</summary>
/// <remarks>
/// Pixel MSE lets a model that is unsure where a digit goes paint a faint haze over every place it could be; SSIM's
/// luminance and contrast terms punish that haze over a black background hard (a mean of 0.02 where the target's is 0
/// already takes the luminance term to 0.2), so a loss with an SSIM term trades a little MSE for predictions that commit.
/// The window is applied as two separable convolutions without padding.
/// </remarks>
public static class StructuralSimilarity
{
    private const int Window = 11;
    private const double Sigma = 1.5, C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;

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
        var a = x.reshape(frames, 1, h, w);
        var b = y.reshape(frames, 1, h, w);
        var weights = Gaussian(x.device, x.dtype);
        var across = weights.reshape(1, 1, 1, Window);
        var down = weights.reshape(1, 1, Window, 1);
        Tensor Blur(Tensor t) => functional.conv2d(functional.conv2d(t, across), down);
        var mx = Blur(a);
        var my = Blur(b);
        var mxx = mx.Squared();
        var myy = my.Squared();
        var mxy = mx * my;
        var vx = Blur(a.Squared()) - mxx;
        var vy = Blur(b.Squared()) - myy;
        var cov = Blur(a * b) - mxy;
        var luminance = mxy.Times(2).Plus(C1) / mxx.Plus(myy).Plus(C1);
        var structure = cov.Times(2).Plus(C2) / vx.Plus(vy).Plus(C2);
        return (luminance * structure).mean().MoveToOuterDisposeScope();
    }

    private static Tensor Gaussian(Device device, ScalarType dtype)
    {
        var values = new float[Window];
        for (var i = 0; i < Window; i++)
        {
            var d = i - Window / 2;
            values[i] = (float)Math.Exp(-d * d / (2 * Sigma * Sigma));
        }
        var total = values.Sum();
        return tensor(values.Select(v => v / total).ToArray(), device: device).to_type(dtype);
    }
}
