namespace VideoSsl.Synth.Rendering;

/// <summary>A linear RGB colour with channels in [0, 255].</summary>
internal readonly record struct Rgb(float R, float G, float B)
{
    public static Rgb Gray(float v) => new(v, v, v);

    public static Rgb Lerp(Rgb a, Rgb b, float t) =>
        new(a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);

    public double DistanceTo(Rgb o)
    {
        double dr = R - o.R, dg = G - o.G, db = B - o.B;
        return Math.Sqrt(dr * dr + dg * dg + db * db);
    }
}
