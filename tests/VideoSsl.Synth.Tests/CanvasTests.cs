using VideoSsl.Synth.Rendering;

namespace VideoSsl.Synth.Tests;

public sealed class CanvasTests
{
    private static double Ink(Canvas canvas) => canvas.Pixels.Where((_, i) => i % 3 == 0).Sum() / 255.0;

    [Fact]
    public void Circle_coverage_matches_its_area_and_edges_are_antialiased()
    {
        var canvas = new Canvas(40, 40);
        canvas.FillCircle(new Vec2(20.3, 19.6), 10, Rgb.Gray(255));

        Assert.InRange(Ink(canvas), Math.PI * 100 * 0.98, Math.PI * 100 * 1.02);
        Assert.Contains(canvas.ToGray8(), p => p is > 20 and < 235);
    }

    [Fact]
    public void Polygon_and_thick_line_cover_their_areas()
    {
        var square = new Canvas(20, 20);
        square.FillPolygon([new(2.5, 2.5), new(12.5, 2.5), new(12.5, 12.5), new(2.5, 12.5)], Rgb.Gray(255));
        Assert.Equal(100, Ink(square), 1e-3);

        var line = new Canvas(40, 40);
        line.StrokeLine(new Vec2(10, 20), new Vec2(30, 20), 4, Rgb.Gray(255));
        Assert.InRange(Ink(line), (20 * 4 + Math.PI * 4) * 0.97, (20 * 4 + Math.PI * 4) * 1.03);
    }
}
