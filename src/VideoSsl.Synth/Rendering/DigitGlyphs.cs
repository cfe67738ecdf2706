namespace VideoSsl.Synth.Rendering;

/// <summary>A digit drawn as pen strokes around the origin, in units of the glyph box (about [-0.5, 0.5]²).</summary>
internal sealed record GlyphStrokes(int Digit, Vec2[][] Paths, double Thickness);

/// <summary>
/// Procedural handwritten-looking digits 0–9: a fixed skeleton of pen strokes per digit, varied per sample by
/// scale, aspect, slant, tilt, pen thickness and a smooth wobble, then rasterised with anti-aliasing. Used when no
/// MNIST-format file is given, and as the "digit" actor of the actions set.
/// </summary>
internal static class DigitGlyphs
{
    private static readonly Vec2[][][] Skeletons =
    [
        [Arc(0.5, 0.5, 0.27, 0.42, 0, 360)],
        [[new(0.34, 0.24), new(0.52, 0.06), new(0.52, 0.94)]],
        [[.. Arc(0.5, 0.31, 0.26, 0.24, 195, 195), new(0.2, 0.93), new(0.83, 0.93)]],
        [Arc(0.48, 0.29, 0.24, 0.21, 205, 245), Arc(0.48, 0.7, 0.28, 0.23, 270, 255)],
        [[new(0.63, 0.94), new(0.63, 0.06), new(0.17, 0.66), new(0.85, 0.66)]],
        [[new(0.77, 0.07), new(0.35, 0.07), new(0.31, 0.46), .. Arc(0.5, 0.66, 0.27, 0.26, 235, 265)]],
        [[new(0.7, 0.06), new(0.5, 0.2), new(0.34, 0.42), new(0.27, 0.68)], Arc(0.5, 0.7, 0.23, 0.22, 0, 360)],
        [[new(0.17, 0.08), new(0.83, 0.08), new(0.42, 0.94)]],
        [Arc(0.5, 0.28, 0.2, 0.2, 0, 360), Arc(0.5, 0.7, 0.25, 0.23, 0, 360)],
        [Arc(0.5, 0.3, 0.23, 0.22, 0, 360), [new(0.73, 0.3), new(0.64, 0.94)]],
    ];

    /// <summary>Draws one random handwriting variant of <paramref name="digit"/>.</summary>
    public static GlyphStrokes Sample(int digit, Random rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digit, 9);
        var scaleX = Uniform(rng, 0.8, 1.15);
        var slant = Uniform(rng, -0.3, 0.3);
        var tilt = Uniform(rng, -8, 8) * Math.PI / 180;
        var thickness = Uniform(rng, 0.13, 0.21);
        // A smooth, low-frequency displacement field: strokes bend like a hand's, they do not jitter point by point.
        var (ax, fx, px) = (Uniform(rng, 0, 0.03), Uniform(rng, 0.5, 1.5), Uniform(rng, 0, 2 * Math.PI));
        var (ay, fy, py) = (Uniform(rng, 0, 0.03), Uniform(rng, 0.5, 1.5), Uniform(rng, 0, 2 * Math.PI));

        var paths = Skeletons[digit].Select(path => path.Select(p =>
        {
            var q = new Vec2(p.X + ax * Math.Sin(2 * Math.PI * fx * p.Y + px), p.Y + ay * Math.Sin(2 * Math.PI * fy * p.X + py));
            var centered = new Vec2((q.X - 0.5) * scaleX, q.Y - 0.5);
            return new Vec2(centered.X - slant * centered.Y, centered.Y).Rotate(tilt);
        }).ToArray()).ToArray();
        return new GlyphStrokes(digit, paths, thickness);
    }

    /// <summary>
    /// Renders a random variant as a <paramref name="size"/>² gray8 image, white ink on black like MNIST: the digit
    /// body spans about 20/28 of the box and its centre sits near the middle.
    /// </summary>
    public static byte[] Render(int digit, int size, Random rng)
    {
        var glyph = Sample(digit, rng);
        var height = size * Uniform(rng, 0.62, 0.76);
        var center = new Vec2(size / 2.0 + Uniform(rng, -1, 1), size / 2.0 + Uniform(rng, -1, 1));
        var canvas = new Canvas(size, size);
        Draw(canvas, glyph, center, height, 0, Rgb.Gray(255));
        return canvas.ToGray8();
    }

    /// <summary>Draws <paramref name="glyph"/> scaled to <paramref name="height"/> pixels, rotated clockwise by <paramref name="radians"/>.</summary>
    public static void Draw(Canvas canvas, GlyphStrokes glyph, Vec2 center, double height, double radians, Rgb color)
    {
        var paths = glyph.Paths.Select(path => path.Select(p => center + (p * height).Rotate(radians)).ToArray()).ToArray();
        canvas.StrokePaths(paths, Math.Max(1.0, glyph.Thickness * height), color);
    }

    private static double Uniform(Random rng, double min, double max) => min + (max - min) * rng.NextDouble();

    /// <summary>Points along an elliptical arc; angles in degrees, 0 = right, 90 = down (screen coordinates).</summary>
    private static Vec2[] Arc(double cx, double cy, double rx, double ry, double startDeg, double sweepDeg)
    {
        var n = Math.Max(2, (int)Math.Ceiling(Math.Abs(sweepDeg) / 10) + 1);
        var points = new Vec2[n];
        for (var i = 0; i < n; i++)
        {
            var a = (startDeg + sweepDeg * i / (n - 1)) * Math.PI / 180;
            points[i] = new Vec2(cx + rx * Math.Cos(a), cy + ry * Math.Sin(a));
        }

        return points;
    }
}
