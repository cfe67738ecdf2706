namespace VideoSsl.Rendering.Tests;

public class GifEncoderTests
{
    [Fact]
    public void Gif_of_gray_frames_keeps_exact_levels_in_its_palette()
    {
        var frames = Enumerable.Range(0, 3).Select(i =>
        {
            var image = new RgbImage(300, 20);
            for (var p = 0; p < image.Pixels.Length; p++)
            {
                image.Pixels[p] = (byte)((p / 3 * (i + 1)) % 256);
            }
            return image;
        }).ToList();
        var gif = GifEncoder.Encode(frames);
        Assert.Equal(0xF7, gif[10]);
        Assert.Equal(new byte[] { 200, 200, 200 }, gif.AsSpan(13 + (200 * 3), 3).ToArray());
    }
}
