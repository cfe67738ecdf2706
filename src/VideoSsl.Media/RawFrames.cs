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
    /// <remarks>
    /// The file was just written (it is in memory or the page cache), so it is read synchronously, frame by frame:
    /// an asynchronous file read would hand every frame to another thread and back.
    /// </remarks>
    public static async Task<(int Frames, int TrailingBytes)> ReadFileAsync(string file, int frameBytes, Func<ReadOnlyMemory<byte>, ValueTask> onFrame, CancellationToken cancellationToken = default)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var frame = new byte[frameBytes];
        var frames = 0;
        long offset = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = 0;
            while (read < frameBytes && RandomAccess.Read(handle, frame.AsSpan(read), offset + read) is var n and > 0)
            {
                read += n;
            }
            if (read < frameBytes)
            {
                return (frames, read);
            }
            offset += frameBytes;
            await onFrame(frame).ConfigureAwait(false);
            frames++;
        }
    }

    /// <summary>The reason for a raw output that ends inside a frame.</summary>
    public static string PartialFrameReason(int trailingBytes) => $"ffmpeg ended in the middle of a frame ({trailingBytes} stray bytes)";
}
