using VideoSsl.Clips;
using VideoSsl.Models;

namespace VideoSsl.Training;

/// <summary>Crops clips in time, applies random resized crop and horizontal flip, and resamples to the model's size, on byte arrays.</summary>
/// <remarks>One crop box and one flip per clip, the same for every frame, so motion stays consistent.</remarks>
public sealed class ClipAugmenter(ClipShape source, int frames, int size, bool augment, double cropScaleMin, double flipProbability)
{
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
        // Bilinear sampling at pixel centres; the index and weight tables are shared by every frame.
        var (xs0, xs1, xw) = Axis(x0, cw, w, size, flip);
        var (ys0, ys1, yw) = Axis(y0, ch, h, size, flip: false);
        var frameOut = size * size * c;
        for (var t = 0; t < frames; t++)
        {
            var src = clip.Slice((start + t) * source.FrameBytes, source.FrameBytes);
            var dst = output.Slice(t * frameOut, frameOut);
            for (var y = 0; y < size; y++)
            {
                int r0 = ys0[y] * w, r1 = ys1[y] * w;
                var fy = yw[y];
                for (var x = 0; x < size; x++)
                {
                    int a = (r0 + xs0[x]) * c, b = (r0 + xs1[x]) * c, d = (r1 + xs0[x]) * c, e = (r1 + xs1[x]) * c;
                    var fx = xw[x];
                    var o = ((y * size) + x) * c;
                    for (var k = 0; k < c; k++)
                    {
                        var top = src[a + k] + ((src[b + k] - src[a + k]) * fx);
                        var bottom = src[d + k] + ((src[e + k] - src[d + k]) * fx);
                        dst[o + k] = (byte)Math.Clamp((int)MathF.Round(top + ((bottom - top) * fy)), 0, 255);
                    }
                }
            }
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

    private static (int[] Lo, int[] Hi, float[] Weight) Axis(double origin, double extent, int sourceSize, int outputSize, bool flip)
    {
        var lo = new int[outputSize];
        var hi = new int[outputSize];
        var weight = new float[outputSize];
        for (var i = 0; i < outputSize; i++)
        {
            var j = flip ? outputSize - 1 - i : i;
            var s = Math.Clamp(origin + ((j + 0.5) * extent / outputSize) - 0.5, 0, sourceSize - 1);
            lo[i] = (int)Math.Floor(s);
            hi[i] = Math.Min(lo[i] + 1, sourceSize - 1);
            weight[i] = (float)(s - lo[i]);
        }
        return (lo, hi, weight);
    }
}
