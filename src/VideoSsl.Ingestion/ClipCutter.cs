namespace VideoSsl.Ingestion;

/// <summary>Cuts a stream of frames into clips of T frames whose starts are <c>stride</c> frames apart.</summary>
/// <remarks>Frames arrive in a reused buffer; the cutter copies the ones a future clip still needs.</remarks>
public sealed class ClipCutter(int frames, int stride, int frameBytes, Func<byte[], int, int, ValueTask> onClip)
{
    private readonly Queue<byte[]> _window = new();
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
        // A frame is needed if some clip start s (a multiple of stride) has s <= f < s + frames.
        var lastStart = f / stride * stride;
        if (f - lastStart >= frames)
        {
            _window.Clear();
            return;
        }
        _window.Enqueue(frame.ToArray());
        while (_window.Count > frames)
        {
            _window.Dequeue();
        }
        var start = f - frames + 1;
        if (start >= 0 && start % stride == 0)
        {
            var clip = new byte[frames * frameBytes];
            var i = 0;
            foreach (var kept in _window)
            {
                kept.CopyTo(clip, i++ * frameBytes);
            }
            await onClip(clip, _clipIndex++, start).ConfigureAwait(false);
        }
    }
}
