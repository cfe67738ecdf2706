using System.Buffers;

namespace VideoSsl.Ingestion;

/// <summary>Cuts a stream of frames into clips of T frames whose starts are <c>stride</c> frames apart.</summary>
/// <remarks>
/// Each frame is copied straight into every clip it belongs to (one clip when clips do not overlap), so frames are
/// never kept on their own; clip buffers are pooled, and a clip handed to the consumer is only valid until the
/// returned task completes (the shard writer copies it). Frames arrive in a reused buffer.
/// </remarks>
public sealed class ClipCutter(int frames, int stride, int frameBytes, Func<ReadOnlyMemory<byte>, int, int, ValueTask> onClip)
{
    private readonly List<(int Start, byte[] Buffer)> _open = [];
    private int _frameIndex;
    private int _clipIndex;

    /// <summary>Clips emitted so far.</summary>
    public int Clips => _clipIndex;

    /// <summary>Frames seen so far.</summary>
    public int Frames => _frameIndex;

    /// <summary>Takes the next frame; emits a clip (bytes, clip index, first frame index) when one completes.</summary>
    public async ValueTask PushAsync(ReadOnlyMemory<byte> frame)
    {
        var f = _frameIndex++;
        if (f % stride == 0)
        {
            _open.Add((f, ArrayPool<byte>.Shared.Rent(frames * frameBytes)));
        }
        foreach (var (start, buffer) in _open)
        {
            frame.Span.CopyTo(buffer.AsSpan((f - start) * frameBytes, frameBytes));
        }
        if (_open.Count > 0 && _open[0].Start + frames - 1 == f)
        {
            var (start, buffer) = _open[0];
            _open.RemoveAt(0);
            try
            {
                await onClip(buffer.AsMemory(0, frames * frameBytes), _clipIndex++, start).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
