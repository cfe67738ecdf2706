using SkiaSharp;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>One held-out clip for a prediction strip: context, ground-truth future and predicted future, each [T][H][W][C] on [0, 1].</summary>
public sealed record PredictionStrip(float[] Context, float[] Target, float[] Predicted, int Height, int Width, int Channels);

/// <summary>Draws a prediction strip: top row context then true future, bottom row the prediction under the future.</summary>
public static class PredictionStripFigure
{
    private const int Gap = 4;

    public static byte[] Render(PredictionStrip strip, int scale = 3)
    {
        var frame = strip.Height * strip.Width * strip.Channels;
        if (strip.Channels is not (1 or 3) || frame == 0 || strip.Context.Length % frame != 0 || strip.Target.Length % frame != 0 || strip.Predicted.Length != strip.Target.Length)
        {
            throw new ArgumentException("strip arrays do not match their frame shape");
        }
        var context = strip.Context.Length / frame;
        var future = strip.Target.Length / frame;
        var cell = (W: strip.Width * scale, H: strip.Height * scale);
        using var bitmap = new SKBitmap((context + future) * (cell.W + Gap) + Gap, 2 * (cell.H + Gap) + Gap);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
        }
        for (var t = 0; t < context; t++)
        {
            Draw(bitmap, strip.Context, t, strip, scale, Gap + t * (cell.W + Gap), Gap);
        }
        for (var t = 0; t < future; t++)
        {
            var x = Gap + (context + t) * (cell.W + Gap);
            Draw(bitmap, strip.Target, t, strip, scale, x, Gap);
            Draw(bitmap, strip.Predicted, t, strip, scale, x, 2 * Gap + cell.H);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void Draw(SKBitmap bitmap, float[] clip, int t, PredictionStrip strip, int scale, int left, int top)
    {
        var offset = t * strip.Height * strip.Width * strip.Channels;
        for (var y = 0; y < strip.Height; y++)
        {
            for (var x = 0; x < strip.Width; x++)
            {
                var i = offset + (y * strip.Width + x) * strip.Channels;
                var color = strip.Channels == 1
                    ? Gray(clip[i])
                    : new SKColor(Byte(clip[i]), Byte(clip[i + 1]), Byte(clip[i + 2]));
                for (var dy = 0; dy < scale; dy++)
                {
                    for (var dx = 0; dx < scale; dx++)
                    {
                        bitmap.SetPixel(left + x * scale + dx, top + y * scale + dy, color);
                    }
                }
            }
        }
    }

    private static SKColor Gray(float v) => new(Byte(v), Byte(v), Byte(v));

    private static byte Byte(float v) => (byte)Math.Clamp(MathF.Round(v * 255), 0, 255);
}
