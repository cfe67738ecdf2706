namespace VideoSsl.Media;

/// <summary>A video that cannot be used, with a one-line reason fit for a quarantine record.</summary>
public sealed class UnusableVideoException(string reason, int framesDecoded = 0) : Exception(reason)
{
    /// <summary>Frames delivered before the failure (clips cut from them are kept).</summary>
    public int FramesDecoded { get; } = framesDecoded;
}

/// <summary>A failure that may pass if the same unit of work is tried again (a crashed or killed ffmpeg, a local I/O error).</summary>
public sealed class TransientMediaException(string message, Exception? inner = null) : Exception(message, inner);
