namespace VideoSsl.Synth;

/// <summary>Pixel layouts of in-memory frames.</summary>
public enum RawPixelFormat
{
    /// <summary>One byte per pixel, 0 = black.</summary>
    Gray8,

    /// <summary>Three bytes per pixel, interleaved R, G, B.</summary>
    Rgb24,
}

/// <summary>An uncompressed clip: equally sized row-major frames in one pixel format, at a frame rate.</summary>
public sealed record RawVideo(int Width, int Height, RawPixelFormat Format, int Fps, IReadOnlyList<byte[]> Frames)
{
    public int BytesPerPixel => Format == RawPixelFormat.Gray8 ? 1 : 3;

    public int FrameBytes => Width * Height * BytesPerPixel;
}
