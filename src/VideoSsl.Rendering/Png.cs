using SkiaSharp;

namespace VideoSsl.Rendering;

/// <summary>Encodes an <see cref="RgbImage"/> as a PNG file with SkiaSharp.</summary>
public static class Png
{
    public static byte[] Encode(RgbImage image)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, o = 0; i < image.Pixels.Length; i += 3, o += 4)
        {
            rgba[o] = image.Pixels[i];
            rgba[o + 1] = image.Pixels[i + 1];
            rgba[o + 2] = image.Pixels[i + 2];
            rgba[o + 3] = 255;
        }
        using var skia = SKImage.FromPixelCopy(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque), rgba, image.Width * 4);
        using var data = skia.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
