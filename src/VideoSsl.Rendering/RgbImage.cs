namespace VideoSsl.Rendering;

/// <summary>An RGB image in memory (bytes [H][W][3]) with helpers to paste clip frames into it.</summary>
public sealed class RgbImage(int width, int height)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public byte[] Pixels { get; } = new byte[width * height * 3];

    /// <summary>Fills the whole image with one gray level.</summary>
    public RgbImage Fill(byte level)
    {
        Array.Fill(Pixels, level);
        return this;
    }

    /// <summary>Pastes one frame ([H][W][C] bytes, C = 1 or 3) at (x, y), each pixel as a scale × scale block.</summary>
    public void Paste(ReadOnlySpan<byte> frame, int frameHeight, int frameWidth, int channels, int x, int y, int scale)
    {
        for (var fy = 0; fy < frameHeight; fy++)
        {
            for (var fx = 0; fx < frameWidth; fx++)
            {
                var s = ((fy * frameWidth) + fx) * channels;
                byte r = frame[s], g = frame[channels == 3 ? s + 1 : s], b = frame[channels == 3 ? s + 2 : s];
                for (var dy = 0; dy < scale; dy++)
                {
                    for (var dx = 0; dx < scale; dx++)
                    {
                        var o = ((((y + (fy * scale) + dy) * Width) + x + (fx * scale) + dx)) * 3;
                        Pixels[o] = r;
                        Pixels[o + 1] = g;
                        Pixels[o + 2] = b;
                    }
                }
            }
        }
    }
}
