using VideoSsl.Evaluation.Metrics;

namespace VideoSsl.Evaluation.Tests.Metrics;

public class SsimTests
{
    private static float[] Constant(int h, int w, int c, float value) => Enumerable.Repeat(value, h * w * c).ToArray();

    private static float[] Random(int h, int w, int c, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, h * w * c).Select(_ => (float)random.NextDouble()).ToArray();
    }

    [Fact]
    public void Identical_images_score_one()
    {
        var x = Random(16, 20, 3, 1);
        Assert.Equal(1.0, Ssim.Compute(x, x, 16, 20, 3), 12);
    }

    [Fact]
    public void Constant_images_reduce_to_the_luminance_term()
    {
        // σx = σy = σxy = 0, so SSIM = (2ab + C1) / (a² + b² + C1) with C1 = 0.01².
        const double a = 0.5, b = 0.25, c1 = 1e-4;
        var expected = (2 * a * b + c1) / (a * a + b * b + c1);
        Assert.Equal(expected, Ssim.Compute(Constant(12, 12, 1, 0.5f), Constant(12, 12, 1, 0.25f), 12, 12, 1), 9);
    }

    [Fact]
    public void Matches_a_direct_two_dimensional_window_computation()
    {
        const int h = 15, w = 13, c = 2;
        var x = Random(h, w, c, 2);
        var y = x.Select((v, i) => Math.Clamp(v + (float)Math.Sin(i) * 0.2f, 0, 1)).ToArray();
        Assert.Equal(Direct(x, y, h, w, c), Ssim.Compute(x, y, h, w, c), 10);
    }

    [Fact]
    public void Is_symmetric_and_below_one_for_different_images()
    {
        var x = Random(16, 16, 1, 3);
        var y = Random(16, 16, 1, 4);
        var s = Ssim.Compute(x, y, 16, 16, 1);
        Assert.Equal(s, Ssim.Compute(y, x, 16, 16, 1), 12);
        Assert.InRange(s, -1, 0.5);
    }

    [Fact]
    public void Refuses_images_smaller_than_the_window()
    {
        Assert.Throws<ArgumentException>(() => Ssim.Compute(new float[100], new float[100], 10, 10, 1));
    }

    /// <summary>Independent reference: the 11×11 Gaussian as an explicit 2-D window over each valid position.</summary>
    private static double Direct(float[] x, float[] y, int h, int w, int channels)
    {
        var g = Enumerable.Range(0, 11).Select(i => Math.Exp(-((i - 5) * (i - 5)) / (2 * 1.5 * 1.5))).ToArray();
        var norm = g.Sum() * g.Sum();
        var total = 0.0;
        for (var ch = 0; ch < channels; ch++)
        {
            var sum = 0.0;
            for (var r = 0; r + 11 <= h; r++)
            {
                for (var col = 0; col + 11 <= w; col++)
                {
                    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                    for (var i = 0; i < 11; i++)
                    {
                        for (var j = 0; j < 11; j++)
                        {
                            var weight = g[i] * g[j] / norm;
                            var k = ((r + i) * w + col + j) * channels + ch;
                            mx += weight * x[k];
                            my += weight * y[k];
                            sxx += weight * x[k] * x[k];
                            syy += weight * y[k] * y[k];
                            sxy += weight * x[k] * y[k];
                        }
                    }
                    double vx = sxx - mx * mx, vy = syy - my * my, cov = sxy - mx * my;
                    sum += (2 * mx * my + 1e-4) * (2 * cov + 9e-4) / ((mx * mx + my * my + 1e-4) * (vx + vy + 9e-4));
                }
            }
            total += sum / ((h - 10) * (w - 10));
        }
        return total / channels;
    }
}
