namespace VideoSsl.Media;

/// <summary>Reads fixed-size raw frames from a stream (ffmpeg's standard output, or a raw output file) to its end.</summary>
public static class RawFrames
{
    /// <summary>
    /// Hands every whole frame to <paramref name="onFrame"/> in order, in one reused buffer (callers copy what they keep);
    /// returns the frames delivered and the bytes left over after the last whole frame (0 unless the writer stopped mid-frame).
    /// </summary>
    public static async Task<(int Frames, int TrailingBytes)> ReadAsync(Stream stream, int frameBytes, Func<ReadOnlyMemory<byte>, ValueTask> onFrame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
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

    /// <summary>Reads a raw output file as <see cref="ReadAsync(Stream, int, Func{ReadOnlyMemory{byte}, ValueTask}, CancellationToken)"/> does.</summary>
    public static async Task<(int Frames, int TrailingBytes)> ReadFileAsync(string file, int frameBytes, Func<ReadOnlyMemory<byte>, ValueTask> onFrame, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await ReadAsync(stream, frameBytes, onFrame, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reason for a raw output that ends inside a frame.</summary>
    public static string PartialFrameReason(int trailingBytes) => $"ffmpeg ended in the middle of a frame ({trailingBytes} stray bytes)";
}
