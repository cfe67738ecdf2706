using System.Globalization;

namespace VideoSsl.Media;

/// <summary>How decoded frames are normalized: constant frame rate, square center crop of a given size, RGB or gray.</summary>
public sealed record FrameFormat(double FrameRate, int Size, bool Gray)
{
    /// <summary>Bytes per output frame.</summary>
    public int FrameBytes => Size * Size * (Gray ? 1 : 3);

    /// <summary>ffmpeg pixel format of the raw output.</summary>
    public string PixelFormat => Gray ? "gray" : "rgb24";

    /// <summary>The ffmpeg filter graph for a probed input.</summary>
    /// <remarks>
    /// fps first, so dropped frames are never scaled; non-square pixels are stretched to square before the crop;
    /// the short side is scaled to <see cref="Size"/> and the long side center-cropped. ffmpeg applies rotation
    /// metadata itself (autorotate) before this graph.
    /// </remarks>
    public string Filter(VideoProbe probe)
    {
        var rate = FrameRate.ToString("0.######", CultureInfo.InvariantCulture);
        var square = probe.IsAnamorphic ? "scale=trunc(iw*sar/2)*2:ih,setsar=1," : "";
        return $"fps={rate},{square}scale={Size}:{Size}:force_original_aspect_ratio=increase:flags=bilinear,crop={Size}:{Size},setsar=1,format={PixelFormat}";
    }
}
