namespace VideoSsl.Rendering;

/// <summary>One row of clip frames ([n][H][W][C] bytes) and the column its first frame sits in.</summary>
public readonly record struct FrameRow(ReadOnlyMemory<byte> Frames, int Offset = 0);

/// <summary>Lays clip frames out in rows on one image, each pixel a scale × scale block, with gaps between frames: prediction strips (context | truth | prediction) and masked reconstructions.</summary>
public static class FrameRows
{
    /// <summary>Pixels between frames and around the edge.</summary>
    public const int Gap = 4;

    /// <summary>Renders <paramref name="rows"/> of frames of <paramref name="height"/> × <paramref name="width"/> × <paramref name="channels"/> (1 or 3) on a <paramref name="background"/> gray.</summary>
    /// <remarks>A row starting at column k leaves k frame cells empty, so a predicted future can sit under the true future.</remarks>
    public static RgbImage Render(int height, int width, int channels, int scale, byte background, params FrameRow[] rows)
    {
        if (channels is not (1 or 3) || height < 1 || width < 1 || scale < 1 || rows.Length == 0)
        {
            throw new ArgumentException($"frames of {height}x{width}x{channels} at scale {scale} in {rows.Length} rows cannot be drawn");
        }
        var frameBytes = height * width * channels;
        if (rows.Any(r => r.Frames.Length % frameBytes != 0 || r.Offset < 0))
        {
            throw new ArgumentException($"a row's bytes are not whole {height}x{width}x{channels} frames");
        }
        var cell = (W: (width * scale) + Gap, H: (height * scale) + Gap);
        var columns = rows.Max(r => r.Offset + (r.Frames.Length / frameBytes));
        var image = new RgbImage((columns * cell.W) + Gap, (rows.Length * cell.H) + Gap).Fill(background);
        for (var r = 0; r < rows.Length; r++)
        {
            var frames = rows[r].Frames.Span;
            for (var f = 0; f < frames.Length / frameBytes; f++)
            {
                image.Paste(frames.Slice(f * frameBytes, frameBytes), height, width, channels, Gap + ((rows[r].Offset + f) * cell.W), Gap + (r * cell.H), scale);
            }
        }
        return image;
    }
}
