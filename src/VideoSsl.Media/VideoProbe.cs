namespace VideoSsl.Media;

/// <summary>What ffprobe says about a file's primary video stream.</summary>
public sealed record VideoProbe(
    int Width,
    int Height,
    double FrameRate,
    double DurationSeconds,
    int Rotation,
    string Codec,
    string PixelFormat,
    int SampleAspectWidth,
    int SampleAspectHeight)
{
    /// <summary>True when pixels are not square and must be stretched before cropping.</summary>
    public bool IsAnamorphic => SampleAspectWidth > 0 && SampleAspectHeight > 0 && SampleAspectWidth != SampleAspectHeight;
}
