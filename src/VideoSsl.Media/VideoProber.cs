using FFMpegCore;
using FFMpegCore.Exceptions;

namespace VideoSsl.Media;

/// <summary>Probes files with ffprobe (through FFMpegCore) and refuses the ones no clip can come from.</summary>
/// <remarks>
/// Decoding does not wait for a probe: ffmpeg describes every input before it decodes it, and the decoders check that
/// description (<see cref="Check(int, int)"/>). A probe is run only where a decode failed without a frame, to say why
/// in the same words as always ("not a video ffmpeg can read", "no video stream (audio only)", ...).
/// </remarks>
public static class VideoProber
{
    /// <summary>Largest frame side accepted.</summary>
    public const int MaxSide = 16384;

    /// <summary>Largest frame area accepted (pixels).</summary>
    public const long MaxPixels = 8192L * 8192;

    /// <summary>Most extreme width:height (or height:width) ratio accepted.</summary>
    public const double MaxAspect = 32;

    /// <summary>Probes a local file; throws <see cref="UnusableVideoException"/> with a one-line reason when it cannot be used.</summary>
    public static async Task<VideoProbe> ProbeAsync(string file, CancellationToken cancellationToken = default)
    {
        CheckFile(file);
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(file, FfmpegTools.FFOptions, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FFMpegException or FormatNullException or System.Text.Json.JsonException or InvalidOperationException && e is not OperationCanceledException)
        {
            throw new UnusableVideoException($"not a video ffmpeg can read: {Reasons.FromFfmpegOutput(e.Message)}");
        }
        var video = analysis.PrimaryVideoStream
            ?? throw new UnusableVideoException(analysis.PrimaryAudioStream is null ? "no video stream" : "no video stream (audio only)");
        var probe = new VideoProbe(
            video.Width ?? 0,
            video.Height ?? 0,
            video.AverageFrameRate > 0 ? video.AverageFrameRate : video.RealFrameRate,
            Math.Max(video.Duration.TotalSeconds, analysis.Duration.TotalSeconds),
            video.Rotation,
            video.CodecName ?? "unknown",
            video.PixelFormat ?? "unknown",
            video.SampleAspectRatio.Width,
            video.SampleAspectRatio.Height);
        Check(probe);
        return probe;
    }

    /// <summary>Throws when the file is missing or empty (no launch needed to tell).</summary>
    public static void CheckFile(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            throw new UnusableVideoException("file does not exist");
        }
        if (info.Length == 0)
        {
            throw new UnusableVideoException("empty file (0 bytes)");
        }
    }

    /// <summary>Throws when the frame size is absent or absurd.</summary>
    public static void Check(VideoProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        Check(probe.Width, probe.Height);
    }

    /// <summary>Throws when a <paramref name="w"/> × <paramref name="h"/> frame size is absent or absurd.</summary>
    public static void Check(int w, int h)
    {
        if (w <= 0 || h <= 0)
        {
            throw new UnusableVideoException($"video stream has no frame size ({w}x{h})");
        }
        if (w > MaxSide || h > MaxSide || (long)w * h > MaxPixels)
        {
            throw new UnusableVideoException($"absurd frame size {w}x{h} (limit {MaxSide} per side and {MaxPixels / 1_000_000} megapixels)");
        }
        if (Math.Max(w, h) > MaxAspect * Math.Min(w, h))
        {
            throw new UnusableVideoException($"absurd frame size {w}x{h} (aspect ratio beyond {MaxAspect}:1)");
        }
    }
}
