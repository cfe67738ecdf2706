namespace VideoSsl.Media;

/// <summary>Decodes one video through ffmpeg into normalized raw frames read from its standard output (no temporary files).</summary>
/// <remarks>
/// ffmpeg is run directly rather than through FFMpegCore's output pipe: FFMpegCore closes that pipe as soon as the
/// process exits, and ffmpeg exits once its last frame is in the pipe's buffer, so a reader still behind lost the
/// tail of the video (a 20-frame clip arrived as 17 frames, about once in 700 videos on a busy machine). Standard
/// output stays readable to the end after the process exits, so every frame ffmpeg wrote is delivered.
/// Used for videos decoded alone: large files, whose decoding dwarfs a process launch, and inputs isolated from a
/// failed group (<see cref="GroupDecoder"/>), whose frames before a corrupt stretch are kept.
/// </remarks>
public static class FrameDecoder
{
    // How long to wait for ffmpeg's description of the input before asking ffprobe instead.
    private static readonly TimeSpan SummaryWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Decodes <paramref name="file"/> and hands every normalized frame to <paramref name="onFrame"/> in order.
    /// Returns the number of frames delivered. ffmpeg runs with <c>-xerror</c>, so a corrupt stretch stops decoding
    /// there: the frames before it have already been delivered, and an <see cref="UnusableVideoException"/> says where.
    /// Nothing is delivered from a file whose frame size fails <see cref="VideoProber.Check(int, int)"/>.
    /// </summary>
    public static async Task<int> DecodeAsync(string file, FrameFormat format, Func<ReadOnlyMemory<byte>, ValueTask> onFrame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"Video '{file}' does not exist.", file);
        }
        VideoProber.CheckFile(file);
        using var ffmpeg = FfmpegProcess.Start([.. FfmpegProcess.CommonArguments, "-i", file, .. format.OutputArguments(0, "pipe:1")], new FfmpegLog([file]));
        int frames, trailing;
        try
        {
            await CheckSizeAsync(ffmpeg, file, cancellationToken).ConfigureAwait(false);
            (frames, trailing) = await RawFrames.ReadAsync(ffmpeg.StandardOutput, format.FrameBytes, onFrame, cancellationToken).ConfigureAwait(false);
            var exitCode = await ffmpeg.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                await ThrowFailureAsync(ffmpeg, file, exitCode, frames, format.FrameRate, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not UnusableVideoException and not TransientMediaException)
        {
            ffmpeg.Kill();
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
        if (trailing != 0)
        {
            throw new UnusableVideoException(RawFrames.PartialFrameReason(trailing), frames);
        }
        return frames;
    }

    // ffmpeg describes the input before it writes a frame; refuse an absurd size before any frame is read.
    private static async Task CheckSizeAsync(FfmpegProcess ffmpeg, string file, CancellationToken cancellationToken)
    {
        try
        {
            await ffmpeg.Log.HeaderRead.WaitAsync(SummaryWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Checked below with ffprobe.
        }
        var size = ffmpeg.Log.SizeOf(0);
        if (size is null && ffmpeg.Log.InputsOpened == 0 && ffmpeg.Log.HeaderRead.IsCompleted)
        {
            return; // ffmpeg could not open it: the exit code and the error lines say why.
        }
        try
        {
            if (size is { } s)
            {
                VideoProber.Check(s.Width, s.Height);
            }
            else
            {
                // No description to read (the summary changed shape, or ffmpeg is slow to open): ask ffprobe.
                VideoProber.Check(await VideoProber.ProbeAsync(file, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (UnusableVideoException)
        {
            ffmpeg.Kill();
            throw;
        }
    }

    // A failure with no frame delivered is explained by ffprobe when it refuses the file (the words quarantine records
    // have always used); otherwise by ffmpeg's own error lines.
    private static async Task ThrowFailureAsync(FfmpegProcess ffmpeg, string file, int exitCode, int frames, double frameRate, CancellationToken cancellationToken)
    {
        var output = ffmpeg.Log.Errors.Trim();
        if (FfmpegProcess.IsKilled(exitCode) && output.Length == 0)
        {
            throw new TransientMediaException($"ffmpeg was killed (exit code {exitCode}) without an error message");
        }
        if (frames == 0)
        {
            VideoProber.Check(await VideoProber.ProbeAsync(file, cancellationToken).ConfigureAwait(false));
        }
        var reason = Reasons.FromFfmpegOutput(output.Length > 0 ? output : $"exit code {exitCode}");
        throw new UnusableVideoException(
            frames == 0 ? $"decode failed: {reason}" : $"decode error after {frames / frameRate:0.0} s ({frames} frames): {reason}",
            frames);
    }
}
