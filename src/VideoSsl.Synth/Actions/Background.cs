using VideoSsl.Synth.Rendering;

namespace VideoSsl.Synth.Actions;

/// <summary>Random static background textures (flat, gradient, stripes, checkerboard, smooth noise) in two random colours.</summary>
internal static class Background
{
    private enum Kind
    {
        Flat,
        Gradient,
        Stripes,
        Checker,
        Noise,
    }

    /// <summary>Paints a random texture on <paramref name="canvas"/> and returns its two colours.</summary>
    public static (Rgb A, Rgb B) Paint(Canvas canvas, Random rng)
    {
        var a = RandomColor(rng);
        var b = Rgb.Lerp(a, RandomColor(rng), (float)(0.3 + 0.5 * rng.NextDouble()));
        var kind = (Kind)rng.Next(5);
        var angle = rng.NextDouble() * Math.PI;
        var (sin, cos) = Math.SinCos(angle);
        var period = canvas.Width * (0.1 + 0.3 * rng.NextDouble());
        var cell = 4 + rng.Next(9);
        var phase = rng.NextDouble() * 2 * Math.PI;
        var noise = ValueNoise(rng, canvas.Width, canvas.Height, 6 + rng.Next(10));
        for (var y = 0; y < canvas.Height; y++)
        {
            for (var x = 0; x < canvas.Width; x++)
            {
                var along = (x * cos + y * sin) / canvas.Width;
                var t = kind switch
                {
                    Kind.Flat => 0,
                    Kind.Gradient => (along - Math.Min(0, cos)) / (Math.Abs(cos) + sin),
                    Kind.Stripes => 0.5 + 0.5 * Math.Sin(2 * Math.PI * along * canvas.Width / period + phase),
                    Kind.Checker => ((x / cell) + (y / cell)) % 2,
                    _ => noise[y * canvas.Width + x],
                };
                var c = Rgb.Lerp(a, b, (float)t);
                var i = (y * canvas.Width + x) * 3;
                canvas.Pixels[i] = c.R;
                canvas.Pixels[i + 1] = c.G;
                canvas.Pixels[i + 2] = c.B;
            }
        }

        return (a, b);
    }

    public static Rgb RandomColor(Random rng) =>
        new((float)(rng.NextDouble() * 255), (float)(rng.NextDouble() * 255), (float)(rng.NextDouble() * 255));

    /// <summary>Bilinearly interpolated random values on a grid of <paramref name="cell"/>-pixel cells, in [0, 1].</summary>
    private static double[] ValueNoise(Random rng, int width, int height, int cell)
    {
        int gw = width / cell + 2, gh = height / cell + 2;
        var grid = new double[gw * gh];
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = rng.NextDouble();
        }

        var values = new double[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double fx = (double)x / cell, fy = (double)y / cell;
                int ix = (int)fx, iy = (int)fy;
                double tx = Smooth(fx - ix), ty = Smooth(fy - iy);
                var top = grid[iy * gw + ix] * (1 - tx) + grid[iy * gw + ix + 1] * tx;
                var bottom = grid[(iy + 1) * gw + ix] * (1 - tx) + grid[(iy + 1) * gw + ix + 1] * tx;
                values[y * width + x] = top * (1 - ty) + bottom * ty;
            }
        }

        return values;
    }

    private static double Smooth(double t) => t * t * (3 - 2 * t);
}
