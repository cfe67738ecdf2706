using SkiaSharp;

namespace VideoSsl.Rendering.Tests;

public class FrameRowsTests
{
    [Fact]
    public void A_row_with_an_offset_starts_under_that_column_and_the_png_holds_the_exact_pixels()
    {
        // Two 2x2 gray frames in the first row, one RGB-expanded gray frame under the second column.
        byte[] top = [10, 20, 30, 40, 50, 60, 70, 80];
        byte[] bottom = [200, 201, 202, 203];
        var image = FrameRows.Render(2, 2, 1, scale: 3, background: 96, new FrameRow(top), new FrameRow(bottom, 1));

        var cell = (2 * 3) + FrameRows.Gap;
        Assert.Equal((2 * cell) + FrameRows.Gap, image.Width);
        Assert.Equal((2 * cell) + FrameRows.Gap, image.Height);
        using var decoded = SKBitmap.Decode(Png.Encode(image));
        Assert.Equal((image.Width, image.Height), (decoded.Width, decoded.Height));
        Assert.Equal(new SKColor(96, 96, 96), decoded.GetPixel(0, 0));
        Assert.Equal(new SKColor(10, 10, 10), decoded.GetPixel(FrameRows.Gap, FrameRows.Gap));
        Assert.Equal(new SKColor(40, 40, 40), decoded.GetPixel(FrameRows.Gap + 5, FrameRows.Gap + 5));
        Assert.Equal(new SKColor(50, 50, 50), decoded.GetPixel(FrameRows.Gap + cell, FrameRows.Gap));
        Assert.Equal(new SKColor(96, 96, 96), decoded.GetPixel(FrameRows.Gap, FrameRows.Gap + cell)); // nothing under column 0
        Assert.Equal(new SKColor(200, 200, 200), decoded.GetPixel(FrameRows.Gap + cell, FrameRows.Gap + cell));
    }

    [Fact]
    public void Bytes_that_are_not_whole_frames_are_refused()
    {
        Assert.Throws<ArgumentException>(() => FrameRows.Render(2, 2, 3, 1, 0, new FrameRow(new byte[11])));
    }
}
