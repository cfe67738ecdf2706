using System.Drawing;

namespace VideoSsl.Synth.MovingDigits;

/// <summary>
/// The Moving MNIST trajectory of Srivastava et al. (2015) as implemented by OpenSTL: a random start in [0, 1)², a
/// random direction, constant speed, reflection at the borders; positions are truncated to whole pixels of the
/// free range, and the first recorded position is already one step from the start.
/// </summary>
internal static class BouncingTrajectory
{
    public static Point[] Sample(Random rng, int frames, int freeRange, double stepLength)
    {
        var x = rng.NextDouble();
        var y = rng.NextDouble();
        var theta = rng.NextDouble() * 2 * Math.PI;
        var (vy, vx) = Math.SinCos(theta);
        var positions = new Point[frames];
        for (var i = 0; i < frames; i++)
        {
            x += vx * stepLength;
            y += vy * stepLength;
            (x, vx) = Reflect(x, vx);
            (y, vy) = Reflect(y, vy);
            positions[i] = new Point((int)(freeRange * x), (int)(freeRange * y));
        }

        return positions;
    }

    private static (double Position, double Velocity) Reflect(double p, double v) => p switch
    {
        <= 0 => (0, -v),
        >= 1 => (1, -v),
        _ => (p, v),
    };
}
