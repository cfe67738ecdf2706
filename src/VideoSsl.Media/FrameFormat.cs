using System.Globalization;

namespace VideoSsl.Media;

/// <summary>How decoded frames are normalized: constant frame rate, square center crop of a given size, RGB or gray.</summary>
public sealed record FrameFormat(double FrameRate, int Size, bool Gray)
{
    /// <summary>Bytes per output frame.</summary>
    public int FrameBytes => Size * Size * (Gray ? 1 : 3);

    /// <summary>ffmpeg pixel format of the raw output.</summary>
    public string PixelFormat => Gray ? "gray" : "rgb24";

    /// <summary>The ffmpeg filter graph: the same for every input, so nothing has to be probed before decoding.</summary>
    /// <remarks>
    /// fps first, so dropped frames are never scaled; non-square pixels are stretched to square before the crop (the
    /// first scale reads the sample aspect ratio itself, and with square pixels it keeps the size, which ffmpeg passes
    /// through untouched); the short side is scaled to <see cref="Size"/> and the long side center-cropped. ffmpeg
    /// applies rotation metadata itself (autorotate) before this graph, and the fps filter turns variable frame rates
    /// into a constant one.
    /// </remarks>
    public string Filter()
    {
        var rate = FrameRate.ToString("0.######", CultureInfo.InvariantCulture);
        const string square = @"scale=w='if(eq(sar\,1)\,iw\,trunc(iw*sar/2)*2)':h=ih,setsar=1";
        return $"fps={rate},{square},scale={Size}:{Size}:force_original_aspect_ratio=increase:flags=bilinear,crop={Size}:{Size},setsar=1,format={PixelFormat}";
    }

    /// <summary>The output options that turn the mapped video stream of input <paramref name="input"/> into raw frames at <paramref name="target"/>.</summary>
    internal IEnumerable<string> OutputArguments(int input, string target) =>
    [
        "-map", $"{input}:v:0", "-an", "-sn", "-dn",
        "-vf", Filter(), "-pix_fmt", PixelFormat,
        "-f", "rawvideo", "-y", target,
    ];
}
