using VideoSsl.Rendering;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>One held-out clip for a prediction strip: context, ground-truth future and predicted future, each [T][H][W][C] on [0, 1].</summary>
public sealed record PredictionStrip(float[] Context, float[] Target, float[] Predicted, int Height, int Width, int Channels);

/// <summary>Draws a prediction strip on white: top row context then true future, bottom row the prediction under the future.</summary>
public static class PredictionStripFigure
{
    private const byte White = 255;

    public static byte[] Render(PredictionStrip strip, int scale = 3)
    {
        var frame = strip.Height * strip.Width * strip.Channels;
        if (strip.Channels is not (1 or 3) || frame == 0 || strip.Context.Length % frame != 0 || strip.Target.Length % frame != 0 || strip.Predicted.Length != strip.Target.Length)
        {
            throw new ArgumentException("strip arrays do not match their frame shape");
        }
        var top = Bytes([.. strip.Context, .. strip.Target]);
        var image = FrameRows.Render(strip.Height, strip.Width, strip.Channels, scale, White,
            new FrameRow(top), new FrameRow(Bytes(strip.Predicted), strip.Context.Length / frame));
        return Png.Encode(image);
    }

    private static byte[] Bytes(float[] values) => values.Select(v => (byte)Math.Clamp(MathF.Round(v * 255), 0, 255)).ToArray();
}
