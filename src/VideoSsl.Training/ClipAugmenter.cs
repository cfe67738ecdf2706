using System.Buffers;
using VideoSsl.Clips;
using VideoSsl.Models;

namespace VideoSsl.Training;

/// <summary>Crops clips in time, applies random resized crop and horizontal flip, and resamples to the model's size, on byte arrays.</summary>
/// <remarks>One crop box and one flip per clip, the same for every frame, so motion stays consistent.</remarks>
public sealed class ClipAugmenter(ClipShape source, int frames, int size, bool augment, double cropScaleMin, double flipProbability)
{
    /// <summary>Resample with byte shuffles where the CPU supports them (tests turn it off to compare with the scalar path).</summary>
    internal bool UseShuffles { get; init; } = true;

    /// <summary>Bytes of one output clip: frames × size × size × channels.</summary>
    public int OutputBytes => frames * size * size * source.Channels;

    /// <summary>Writes the augmented <paramref name="clip"/> ([T][H][W][C]) into <paramref name="output"/> ([frames][size][size][C]).</summary>
    public void Apply(ReadOnlySpan<byte> clip, Span<byte> output, DeterministicRng rng)
    {
        int h = source.Height, w = source.Width, c = source.Channels;
        var start = augment && source.Frames > frames ? rng.NextInt(source.Frames - frames + 1) : 0;
        double x0 = 0, y0 = 0, cw = w, ch = h;
        var flip = false;
        if (augment)
        {
            (x0, y0, cw, ch) = SampleCrop(w, h, rng);
            flip = rng.NextDouble() < flipProbability;
        }
        if (!augment && h == size && w == size)
        {
            clip.Slice(start * source.FrameBytes, OutputBytes).CopyTo(output);
            return;
        }
        // Bilinear sampling at pixel centres, separable and in fixed point (weights in 1/256): each source row a frame
        // needs is resampled across once into 16-bit-scaled sums, then pairs of those rows are blended down. The index
        // and weight tables are shared by every frame; this runs on the prefetch thread beside training, so it is kept
        // cheap: with byte shuffles (ShuffleResampler) where the CPU has them, else one value at a time.
        var (xs0, xs1, xw) = Axis(x0, cw, w, size, flip);
        var (ys0, ys1, yw) = Axis(y0, ch, h, size, flip: false);
        if (UseShuffles && ShuffleResampler.TryCreate(w, c, size, xs0, xs1, xw) is { } shuffled)
        {
            Resample(shuffled, clip, output, start, ys0, ys1, yw);
            return;
        }
        int rowIn = w * c, rowOut = size * c, frameOut = size * rowOut;
        var across = ArrayPool<int>.Shared.Rent(h * rowOut);
        var done = ArrayPool<int>.Shared.Rent(h);
        Array.Clear(done, 0, h); // a rented array holds whatever its last user left
        try
        {
            for (var t = 0; t < frames; t++)
            {
                var src = clip.Slice((start + t) * source.FrameBytes, source.FrameBytes);
                var dst = output.Slice(t * frameOut, frameOut);
                for (var y = 0; y < size; y++)
                {
                    var upper = Across(src, ys0[y], t);
                    var lower = Across(src, ys1[y], t);
                    int wy = yw[y], wy0 = Scale - wy;
                    var row = dst.Slice(y * rowOut, rowOut);
                    for (var i = 0; i < rowOut; i++)
                    {
                        row[i] = (byte)(((upper[i] * wy0) + (lower[i] * wy) + Half) >> 16);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(across);
            ArrayPool<int>.Shared.Return(done);
        }

        // Source row r of the current frame resampled across (values × 256), computed on first use in this frame.
        ReadOnlySpan<int> Across(ReadOnlySpan<byte> frame, int r, int t)
        {
            var sums = across.AsSpan(r * rowOut, rowOut);
            if (done[r] != t + 1)
            {
                var line = frame.Slice(r * rowIn, rowIn);
                for (var x = 0; x < size; x++)
                {
                    int a = xs0[x] * c, b = xs1[x] * c, wx = xw[x], wx0 = Scale - wx;
                    for (var k = 0; k < c; k++)
                    {
                        sums[(x * c) + k] = (line[a + k] * wx0) + (line[b + k] * wx);
                    }
                }
                done[r] = t + 1;
            }
            return sums;
        }
    }

    // The same two passes as the scalar path, 64 values at a time.
    private void Resample(ShuffleResampler resampler, ReadOnlySpan<byte> clip, Span<byte> output, int start, int[] ys0, int[] ys1, int[] yw)
    {
        int h = source.Height, rowIn = source.Width * source.Channels, rowOut = size * source.Channels, frameOut = size * rowOut;
        var stride = rowOut + ShuffleResampler.Padding;
        var across = ArrayPool<ushort>.Shared.Rent(h * stride);
        var done = ArrayPool<int>.Shared.Rent(h);
        Array.Clear(done, 0, h);
        try
        {
            for (var t = 0; t < frames; t++)
            {
                var src = clip.Slice((start + t) * source.FrameBytes, source.FrameBytes);
                var dst = output.Slice(t * frameOut, frameOut);
                for (var y = 0; y < size; y++)
                {
                    resampler.Down(Across(src, ys0[y], t), Across(src, ys1[y], t), yw[y], dst.Slice(y * rowOut, rowOut));
                }
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(across);
            ArrayPool<int>.Shared.Return(done);
        }

        ReadOnlySpan<ushort> Across(ReadOnlySpan<byte> frame, int r, int t)
        {
            var sums = across.AsSpan(r * stride, stride);
            if (done[r] != t + 1)
            {
                resampler.Across(frame.Slice(r * rowIn, rowIn), sums);
                done[r] = t + 1;
            }
            return sums;
        }
    }

    private (double X, double Y, double W, double H) SampleCrop(int w, int h, DeterministicRng rng)
    {
        var area = (double)w * h;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * rng.NextDouble(cropScaleMin, 1.0);
            var aspect = Math.Exp(rng.NextDouble(Math.Log(3.0 / 4), Math.Log(4.0 / 3)));
            var cw = Math.Sqrt(target * aspect);
            var ch = Math.Sqrt(target / aspect);
            if (cw <= w && ch <= h)
            {
                return (rng.NextDouble() * (w - cw), rng.NextDouble() * (h - ch), cw, ch);
            }
        }
        return (0, 0, w, h);
    }

    private const int Scale = 256, Half = 1 << 15;

    // For each output position along one axis: the two source indices around its sample point and the weight of the
    // second, in 1/256.
    private static (int[] Lo, int[] Hi, int[] Weight) Axis(double origin, double extent, int sourceSize, int outputSize, bool flip)
    {
        var lo = new int[outputSize];
        var hi = new int[outputSize];
        var weight = new int[outputSize];
        for (var i = 0; i < outputSize; i++)
        {
            var j = flip ? outputSize - 1 - i : i;
            var s = Math.Clamp(origin + ((j + 0.5) * extent / outputSize) - 0.5, 0, sourceSize - 1);
            lo[i] = (int)Math.Floor(s);
            hi[i] = Math.Min(lo[i] + 1, sourceSize - 1);
            weight[i] = (int)Math.Round((s - lo[i]) * Scale);
        }
        return (lo, hi, weight);
    }
}
