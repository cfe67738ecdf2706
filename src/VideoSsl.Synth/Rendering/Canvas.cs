namespace VideoSsl.Synth.Rendering;

/// <summary>
/// A small floating-point RGB raster with anti-aliased drawing: every primitive is sampled on a 4×4 grid per pixel
/// and blended by the covered fraction, so edges are smooth and results depend only on the inputs (no platform
/// graphics library, hence byte-identical frames everywhere).
/// </summary>
internal sealed class Canvas
{
    private const int Sub = 4;

    // Farthest a sample lies from its pixel centre (0.375·√2), plus a little: a pixel whose centre is farther than this
    // from a shape's boundary is entirely inside or outside it, so its samples need not be tested one by one.
    private const double SampleReach = 0.54;

    private enum Coverage
    {
        None,
        Partial,
        Full,
    }

    public Canvas(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new float[width * height * 3];
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Interleaved RGB, row-major, channels in [0, 255].</summary>
    public float[] Pixels { get; }

    public void Clear(Rgb color)
    {
        for (var i = 0; i < Pixels.Length; i += 3)
        {
            Pixels[i] = color.R;
            Pixels[i + 1] = color.G;
            Pixels[i + 2] = color.B;
        }
    }

    public void FillCircle(Vec2 center, double radius, Rgb color)
    {
        var r2 = radius * radius;
        Fill(center.X - radius, center.Y - radius, center.X + radius, center.Y + radius, color,
            (x, y) => (x - center.X) * (x - center.X) + (y - center.Y) * (y - center.Y) <= r2,
            (x, y) => Classify(Math.Sqrt((x - center.X) * (x - center.X) + (y - center.Y) * (y - center.Y)) - radius));
    }

    /// <summary>Fills a simple or self-intersecting polygon with the non-zero winding rule.</summary>
    public void FillPolygon(IReadOnlyList<Vec2> points, Rgb color)
    {
        if (points.Count < 3)
        {
            return;
        }

        var (minX, minY, maxX, maxY) = Bounds(points, 0);
        var pts = points.ToArray();
        Fill(minX, minY, maxX, maxY, color, (x, y) => Winding(pts, x, y) != 0, (x, y) =>
        {
            var edge = double.MaxValue;
            for (int i = 0, j = pts.Length - 1; i < pts.Length; j = i++)
            {
                edge = Math.Min(edge, SegmentDistance2(pts[j], pts[i], x, y));
            }

            return Math.Sqrt(edge) <= SampleReach ? Coverage.Partial : Winding(pts, x, y) != 0 ? Coverage.Full : Coverage.None;
        });
    }

    /// <summary>Strokes polylines with round caps and joins; overlapping strokes are one shape, so joints do not darken.</summary>
    public void StrokePaths(IReadOnlyList<Vec2[]> paths, double thickness, Rgb color)
    {
        var radius = thickness / 2;
        var segments = new List<(Vec2 A, Vec2 B)>();
        foreach (var path in paths)
        {
            if (path.Length == 1)
            {
                segments.Add((path[0], path[0]));
            }

            for (var i = 0; i + 1 < path.Length; i++)
            {
                segments.Add((path[i], path[i + 1]));
            }
        }

        if (segments.Count == 0)
        {
            return;
        }

        var (minX, minY, maxX, maxY) = Bounds(segments.SelectMany(s => new[] { s.A, s.B }).ToArray(), radius);
        var r2 = radius * radius;
        var segs = segments.ToArray();
        Fill(minX, minY, maxX, maxY, color, (x, y) =>
        {
            foreach (var (a, b) in segs)
            {
                if (SegmentDistance2(a, b, x, y) <= r2)
                {
                    return true;
                }
            }

            return false;
        }, (x, y) =>
        {
            var nearest = double.MaxValue;
            foreach (var (a, b) in segs)
            {
                nearest = Math.Min(nearest, SegmentDistance2(a, b, x, y));
            }

            return Classify(Math.Sqrt(nearest) - radius);
        });
    }

    public void StrokeLine(Vec2 a, Vec2 b, double thickness, Rgb color) => StrokePaths([[a, b]], thickness, color);

    /// <summary>Rounds to 8-bit interleaved RGB (rgb24).</summary>
    public byte[] ToRgb24()
    {
        var bytes = new byte[Pixels.Length];
        for (var i = 0; i < Pixels.Length; i++)
        {
            bytes[i] = ToByte(Pixels[i]);
        }

        return bytes;
    }

    /// <summary>Rounds the red channel to 8-bit grayscale (gray8); grayscale drawings keep all channels equal.</summary>
    public byte[] ToGray8()
    {
        var bytes = new byte[Width * Height];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = ToByte(Pixels[i * 3]);
        }

        return bytes;
    }

    internal static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v), 0, 255);

    /// <summary>Coverage of a pixel from the signed distance of its centre to a shape's boundary (negative inside).</summary>
    private static Coverage Classify(double signedDistance) =>
        signedDistance > SampleReach ? Coverage.None : signedDistance < -SampleReach ? Coverage.Full : Coverage.Partial;

    /// <param name="inside">Whether a sample point is inside the shape.</param>
    /// <param name="classify">A cheap whole-pixel test at the pixel centre; only <see cref="Coverage.Partial"/> pixels are sampled.</param>
    private void Fill(double minX, double minY, double maxX, double maxY, Rgb color, Func<double, double, bool> inside, Func<double, double, Coverage> classify)
    {
        var x0 = Math.Max(0, (int)Math.Floor(minX));
        var y0 = Math.Max(0, (int)Math.Floor(minY));
        var x1 = Math.Min(Width - 1, (int)Math.Ceiling(maxX));
        var y1 = Math.Min(Height - 1, (int)Math.Ceiling(maxY));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var coverage = classify(x + 0.5, y + 0.5);
                if (coverage == Coverage.None)
                {
                    continue;
                }

                var hits = coverage == Coverage.Full ? Sub * Sub : 0;
                for (var sy = 0; sy < Sub && coverage == Coverage.Partial; sy++)
                {
                    var py = y + (sy + 0.5) / Sub;
                    for (var sx = 0; sx < Sub; sx++)
                    {
                        if (inside(x + (sx + 0.5) / Sub, py))
                        {
                            hits++;
                        }
                    }
                }

                if (hits == 0)
                {
                    continue;
                }

                var alpha = hits / (float)(Sub * Sub);
                var i = (y * Width + x) * 3;
                Pixels[i] += (color.R - Pixels[i]) * alpha;
                Pixels[i + 1] += (color.G - Pixels[i + 1]) * alpha;
                Pixels[i + 2] += (color.B - Pixels[i + 2]) * alpha;
            }
        }
    }

    private static (double MinX, double MinY, double MaxX, double MaxY) Bounds(IReadOnlyList<Vec2> points, double pad)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var p in points)
        {
            minX = Math.Min(minX, p.X);
            minY = Math.Min(minY, p.Y);
            maxX = Math.Max(maxX, p.X);
            maxY = Math.Max(maxY, p.Y);
        }

        return (minX - pad, minY - pad, maxX + pad, maxY + pad);
    }

    private static int Winding(Vec2[] pts, double x, double y)
    {
        var winding = 0;
        for (int i = 0, j = pts.Length - 1; i < pts.Length; j = i++)
        {
            Vec2 a = pts[j], b = pts[i];
            var cross = (b.X - a.X) * (y - a.Y) - (x - a.X) * (b.Y - a.Y);
            if (a.Y <= y)
            {
                if (b.Y > y && cross > 0)
                {
                    winding++;
                }
            }
            else if (b.Y <= y && cross < 0)
            {
                winding--;
            }
        }

        return winding;
    }

    private static double SegmentDistance2(Vec2 a, Vec2 b, double x, double y)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        var len2 = dx * dx + dy * dy;
        var t = len2 == 0 ? 0 : Math.Clamp(((x - a.X) * dx + (y - a.Y) * dy) / len2, 0, 1);
        double ex = a.X + t * dx - x, ey = a.Y + t * dy - y;
        return ex * ex + ey * ey;
    }
}
