using VideoSsl.Evaluation.Baselines;

namespace VideoSsl.Evaluation.Tests.Baselines;

public sealed class MotionEnergyFeaturesTests
{
    private const int Size = 64, Frames = 8;
    private const int X = 0, Y = 1, Change = 2, Divergence = 3, Curl = 4;

    // Smooth textured blob centred in the frame, in [0, 1]; (u, v) are coordinates relative to the centre.
    private static double Pattern(double u, double v) =>
        0.5 + 0.4 * Math.Exp(-(u * u + v * v) / (2 * 14.0 * 14.0)) * Math.Sin(u / 3.0 + 0.7) * Math.Cos(v / 4.0 - 0.3);

    // Frame t samples the pattern through an inverse map from screen (x, y) relative to the centre to pattern coordinates.
    private static byte[] Clip(Func<int, double, double, (double U, double V)> inverse)
    {
        var clip = new byte[Frames * Size * Size];
        const double c = (Size - 1) / 2.0;
        for (var t = 0; t < Frames; t++)
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    var (u, v) = inverse(t, x - c, y - c);
                    clip[(t * Size + y) * Size + x] = (byte)Math.Round(255 * Pattern(u, v));
                }
            }
        }
        return clip;
    }

    private static float[] Features(Func<int, double, double, (double, double)> inverse) =>
        MotionEnergyFeatures.Of(Clip(inverse), Frames, Size, Size, channels: 1);

    private static float Mean(float[] features, int series) => features[series * MotionEnergyFeatures.Summaries];

    [Fact]
    public void Translation_gives_the_direction_of_motion()
    {
        var right = Features((t, x, y) => (x - 1.0 * t, y));
        var left = Features((t, x, y) => (x + 1.0 * t, y));
        var down = Features((t, x, y) => (x, y - 1.0 * t));

        Assert.InRange(Mean(right, X), 0.3, 1.5);                   // about 1 px/frame, underestimated by the aperture problem
        Assert.InRange(Mean(left, X), -1.5, -0.3);
        Assert.True(Math.Abs(Mean(right, Y)) < 0.2 * Mean(right, X), $"vertical {Mean(right, Y)} vs horizontal {Mean(right, X)}");
        Assert.InRange(Mean(down, Y), 0.3, 1.5);
        Assert.True(Math.Abs(Mean(down, X)) < 0.2 * Mean(down, Y));
    }

    [Fact]
    public void A_still_clip_has_no_motion_and_no_change()
    {
        var still = Features((_, x, y) => (x, y));
        Assert.All(still, f => Assert.Equal(0f, f, 6));
        var moving = Features((t, x, y) => (x - t, y));
        Assert.True(Mean(moving, Change) > 0.005, $"change {Mean(moving, Change)}");
    }

    [Fact]
    public void Growth_and_shrinking_have_opposite_divergence()
    {
        var grow = Features((t, x, y) => (x / Math.Pow(1.06, t), y / Math.Pow(1.06, t)));
        var shrink = Features((t, x, y) => (x * Math.Pow(1.06, t), y * Math.Pow(1.06, t)));
        Assert.True(Mean(grow, Divergence) > 0, $"grow {Mean(grow, Divergence)}");
        Assert.True(Mean(shrink, Divergence) < 0, $"shrink {Mean(shrink, Divergence)}");
        Assert.True(Math.Abs(Mean(grow, Curl)) < 0.2 * Mean(grow, Divergence), $"curl {Mean(grow, Curl)} while growing");
    }

    [Fact]
    public void Clockwise_and_counterclockwise_rotation_have_opposite_curl()
    {
        // Clockwise on screen (y points down): the angle atan2(y, x) grows, so the pattern is sampled at angle − ωt.
        static Func<int, double, double, (double, double)> Rotate(double degreesPerFrame) => (t, x, y) =>
        {
            var a = -degreesPerFrame * t * Math.PI / 180;
            return (x * Math.Cos(a) - y * Math.Sin(a), x * Math.Sin(a) + y * Math.Cos(a));
        };
        var clockwise = Features(Rotate(4));
        var counter = Features(Rotate(-4));
        Assert.True(Mean(clockwise, Curl) > 0, $"clockwise {Mean(clockwise, Curl)}");
        Assert.True(Mean(counter, Curl) < 0, $"counterclockwise {Mean(counter, Curl)}");
        Assert.True(Math.Abs(Mean(clockwise, Divergence)) < 0.2 * Mean(clockwise, Curl), $"divergence {Mean(clockwise, Divergence)} while rotating");
    }

    [Fact]
    public void A_clip_of_the_wrong_size_is_refused_with_its_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => MotionEnergyFeatures.Of(new byte[100], Frames, Size, Size, 3));
        Assert.Contains("8×64×64×3", e.Message);
    }
}
