using VideoSsl.Clips;

namespace VideoSsl.Ingestion;

/// <summary>The words of the quarantine reasons that are not ffmpeg's own, shared by ingest and by the verbs that decode videos in-process (embed, classify).</summary>
public static class QuarantineReasons
{
    /// <summary>A video whose <paramref name="frames"/> decoded frames fill no clip of <paramref name="spec"/>.</summary>
    public static string TooShort(int frames, ClipSpec spec) =>
        $"too short: {frames} frames at {spec.FrameRate:0.##} fps ({frames / spec.FrameRate:0.0} s); a clip needs {spec.Frames}";

    /// <summary>A video that could not be fetched or read before decoding.</summary>
    public static string Unexpected(Exception e) => $"unexpected error: {e.Message.ReplaceLineEndings(" ")}";
}
