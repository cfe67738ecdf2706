using SkiaSharp;

namespace VideoSsl.Rendering.Tests;

public class LossChartTests
{
    [Fact]
    public void Renders_a_png_of_the_asked_size_and_skips_points_that_are_not_finite()
    {
        var masked = new LossSeries("masked", [(0, 1.0), (10, 0.5), (20, double.NaN), (30, 0.25)]);
        var empty = new LossSeries("future", [(5, double.PositiveInfinity)]);

        var png = LossChart.RenderPng([masked, empty], "run: tiny", "loss (MSE)", 640, 400);

        using var decoded = SKBitmap.Decode(png);
        Assert.Equal((640, 400), (decoded.Width, decoded.Height));
    }
}
