using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Pipes;

namespace VideoSsl.Media;

/// <summary>Decodes a video through ffmpeg into normalized raw frames delivered over a pipe (no temporary image files).</summary>
public static class FrameDecoder
{
    /// <summary>
    /// Decodes <paramref name="file"/> and hands every normalized frame to <paramref name="onFrame"/> in order.
    /// Returns the number of frames delivered. ffmpeg runs with <c>-xerror</c>, so a corrupt stretch stops decoding
    /// there: the frames before it have already been delivered, and an <see cref="UnusableVideoException"/> says where.
    /// </summary>
    public static async Task<int> DecodeAsync(string file, VideoProbe probe, FrameFormat format, Func<ReadOnlyMemory<byte>, ValueTask> onFrame, CancellationToken cancellationToken = default)
    {
        var sink = new FrameSink(format.FrameBytes, onFrame);
        FFMpegResult result;
        try
        {
            result = await FFMpegArguments
                .FromFileInput(file, verifyExists: true, options => options.WithCustomArgument("-xerror"))
                .OutputToPipe(sink, options => options
                    .WithCustomArgument($"-map 0:v:0 -an -sn -dn -vf {format.Filter(probe)} -pix_fmt {format.PixelFormat}"))
                .WithLogLevel(FFMpegLogLevel.Error)
                .CancellableThrough(cancellationToken)
                .ProcessAsynchronously(throwOnError: false, FfmpegTools.FFOptions, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (IOException e)
        {
            throw new TransientMediaException($"reading ffmpeg's output failed: {e.Message}", e);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success)
        {
            var output = string.Join('\n', result.StandardError);
            if (result.ExitCode is 137 or 139 or -9 or -11 && output.Length == 0)
            {
                throw new TransientMediaException($"ffmpeg was killed (exit code {result.ExitCode}) without an error message");
            }
            var reason = Reasons.FromFfmpegOutput(output.Length > 0 ? output : $"exit code {result.ExitCode}");
            throw new UnusableVideoException(
                sink.Frames == 0 ? $"decode failed: {reason}" : $"decode error after {sink.Frames / format.FrameRate:0.0} s ({sink.Frames} frames): {reason}",
                sink.Frames);
        }
        if (sink.TrailingBytes != 0)
        {
            throw new UnusableVideoException($"ffmpeg ended in the middle of a frame ({sink.TrailingBytes} stray bytes)", sink.Frames);
        }
        return sink.Frames;
    }

    // Reads fixed-size frames from ffmpeg's output pipe; a frame buffer is reused, callers copy what they keep.
    private sealed class FrameSink(int frameBytes, Func<ReadOnlyMemory<byte>, ValueTask> onFrame) : IPipeSink
    {
        public int Frames { get; private set; }

        public int TrailingBytes { get; private set; }

        public string GetStreamArguments() => "-f rawvideo";

        public async Task ReadAsync(Stream inputStream, CancellationToken cancellationToken)
        {
            var frame = new byte[frameBytes];
            while (true)
            {
                var read = await inputStream.ReadAtLeastAsync(frame, frameBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read < frameBytes)
                {
                    TrailingBytes = read;
                    return;
                }
                await onFrame(frame).ConfigureAwait(false);
                Frames++;
            }
        }
    }
}
