using System.Diagnostics;

namespace VideoSsl.Media;

/// <summary>Decodes a video through ffmpeg into normalized raw frames read from its standard output (no temporary image files).</summary>
/// <remarks>
/// ffmpeg is run directly rather than through FFMpegCore's output pipe: FFMpegCore closes that pipe as soon as the
/// process exits, and ffmpeg exits once its last frame is in the pipe's buffer, so a reader still behind lost the
/// tail of the video (a 20-frame clip arrived as 17 frames, about once in 700 videos on a busy machine). Standard
/// output stays readable to the end after the process exits, so every frame ffmpeg wrote is delivered.
/// </remarks>
public static class FrameDecoder
{
    /// <summary>
    /// Decodes <paramref name="file"/> and hands every normalized frame to <paramref name="onFrame"/> in order.
    /// Returns the number of frames delivered. ffmpeg runs with <c>-xerror</c>, so a corrupt stretch stops decoding
    /// there: the frames before it have already been delivered, and an <see cref="UnusableVideoException"/> says where.
    /// </summary>
    public static async Task<int> DecodeAsync(string file, VideoProbe probe, FrameFormat format, Func<ReadOnlyMemory<byte>, ValueTask> onFrame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"Video '{file}' does not exist.", file);
        }
        using var process = Process.Start(FfmpegTools.StartInfo(Arguments(file, format.Filter(probe), format.PixelFormat)))
            ?? throw new TransientMediaException("ffmpeg could not be started");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        int frames, trailing;
        try
        {
            (frames, trailing) = await ReadFramesAsync(process.StandardOutput.BaseStream, format.FrameBytes, onFrame, cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Kill(process);
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("Decoding was cancelled.", e, cancellationToken);
            }
            if (e is IOException)
            {
                throw new TransientMediaException($"reading ffmpeg's output failed: {e.Message}", e);
            }
            throw;
        }
        var output = (await stderr.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            if (process.ExitCode is 137 or 139 && output.Length == 0)
            {
                throw new TransientMediaException($"ffmpeg was killed (exit code {process.ExitCode}) without an error message");
            }
            var reason = Reasons.FromFfmpegOutput(output.Length > 0 ? output : $"exit code {process.ExitCode}");
            throw new UnusableVideoException(
                frames == 0 ? $"decode failed: {reason}" : $"decode error after {frames / format.FrameRate:0.0} s ({frames} frames): {reason}",
                frames);
        }
        if (trailing != 0)
        {
            throw new UnusableVideoException($"ffmpeg ended in the middle of a frame ({trailing} stray bytes)", frames);
        }
        return frames;
    }

    /// <summary>The ffmpeg command line (without the program) that decodes <paramref name="file"/> to raw frames on standard output.</summary>
    private static IReadOnlyList<string> Arguments(string file, string filter, string pixelFormat) =>
    [
        "-hide_banner", "-nostdin", "-v", "error", "-xerror",
        "-i", file,
        "-map", "0:v:0", "-an", "-sn", "-dn",
        "-vf", filter, "-pix_fmt", pixelFormat,
        "-f", "rawvideo", "pipe:1",
    ];

    // Reads fixed-size frames until the end of the stream; one frame buffer is reused, callers copy what they keep.
    private static async Task<(int Frames, int TrailingBytes)> ReadFramesAsync(Stream stream, int frameBytes, Func<ReadOnlyMemory<byte>, ValueTask> onFrame, CancellationToken cancellationToken)
    {
        var frame = new byte[frameBytes];
        var frames = 0;
        while (true)
        {
            var read = await stream.ReadAtLeastAsync(frame, frameBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < frameBytes)
            {
                return (frames, read);
            }
            await onFrame(frame).ConfigureAwait(false);
            frames++;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
