using VideoSsl.Synth.Rendering;

namespace VideoSsl.Synth.Actions;

/// <summary>
/// Draws an actor of a given shape and colours at a pose. Every actor carries an off-centre marker dot so that its
/// orientation, hence rotation, is visible even for a circle. The canvas wraps around (a torus): an actor leaving one
/// edge shows at the opposite one, which keeps the position in any single frame uniform for every class.
/// </summary>
internal sealed class Actor
{
    private readonly ActorShape _shape;
    private readonly Rgb _body;
    private readonly Rgb _marker;
    private readonly GlyphStrokes? _glyph;

    public Actor(ActorShape shape, Rgb body, Rgb marker, Random rng)
    {
        _shape = shape;
        _body = body;
        _marker = marker;
        _glyph = shape == ActorShape.Digit ? DigitGlyphs.Sample(rng.Next(10), rng) : null;
    }

    public void Draw(Canvas canvas, ActorPose pose)
    {
        var reach = pose.Size * 0.75;
        foreach (var dy in Offsets(pose.Y, reach, canvas.Height))
        {
            foreach (var dx in Offsets(pose.X, reach, canvas.Width))
            {
                DrawOnce(canvas, new Vec2(pose.X + dx, pose.Y + dy), pose.Size, pose.AngleDegrees * Math.PI / 180);
            }
        }
    }

    private void DrawOnce(Canvas canvas, Vec2 center, double size, double radians)
    {
        var r = size / 2;
        switch (_shape)
        {
            case ActorShape.Circle:
                canvas.FillCircle(center, r, _body);
                break;
            case ActorShape.Digit:
                DigitGlyphs.Draw(canvas, _glyph!, center, size, radians, _body);
                break;
            default:
                canvas.FillPolygon(Outline(_shape).Select(p => center + (p * r).Rotate(radians)).ToArray(), _body);
                break;
        }

        canvas.FillCircle(center + new Vec2(r * 0.45, 0).Rotate(radians), Math.Max(1.2, r * 0.22), _marker);
    }

    /// <summary>Shifts (0 or ±extent) at which a copy must be drawn so the wrapped actor shows wherever it overlaps the canvas.</summary>
    private static IEnumerable<double> Offsets(double position, double reach, int extent)
    {
        yield return 0;
        if (position - reach < 0)
        {
            yield return extent;
        }

        if (position + reach > extent)
        {
            yield return -extent;
        }
    }

    /// <summary>The outline in units of the circumscribed radius, pointing "up" at angle 0.</summary>
    private static Vec2[] Outline(ActorShape shape) => shape switch
    {
        ActorShape.Square => Regular(4, 45, 1),
        ActorShape.Triangle => Regular(3, -90, 1),
        ActorShape.Star => Star(5, 1, 0.45),
        ActorShape.Cross => Cross(0.34),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Not a polygon shape."),
    };

    private static Vec2[] Regular(int n, double startDeg, double radius) => Enumerable.Range(0, n)
        .Select(i => new Vec2(radius, 0).Rotate((startDeg + 360.0 * i / n) * Math.PI / 180))
        .ToArray();

    private static Vec2[] Star(int points, double outer, double inner) => Enumerable.Range(0, points * 2)
        .Select(i => new Vec2(i % 2 == 0 ? outer : inner, 0).Rotate((-90 + 180.0 * i / points) * Math.PI / 180))
        .ToArray();

    private static Vec2[] Cross(double halfWidth)
    {
        double w = halfWidth, e = 0.95;
        return [new(-w, -e), new(w, -e), new(w, -w), new(e, -w), new(e, w), new(w, w), new(w, e), new(-w, e), new(-w, w), new(-e, w), new(-e, -w), new(-w, -w)];
    }
}
