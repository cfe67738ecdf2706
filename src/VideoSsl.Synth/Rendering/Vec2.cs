namespace VideoSsl.Synth.Rendering;

/// <summary>A 2-D point or vector in pixel coordinates (x right, y down; pixel x covers [x, x+1)).</summary>
internal readonly record struct Vec2(double X, double Y)
{
    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);
    public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);
    public static Vec2 operator *(Vec2 a, double s) => new(a.X * s, a.Y * s);

    /// <summary>Rotates by <paramref name="radians"/>; positive turns clockwise on screen because y points down.</summary>
    public Vec2 Rotate(double radians)
    {
        var (sin, cos) = Math.SinCos(radians);
        return new(X * cos - Y * sin, X * sin + Y * cos);
    }
}
