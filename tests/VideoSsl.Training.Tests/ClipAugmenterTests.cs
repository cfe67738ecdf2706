using VideoSsl.Clips;
using VideoSsl.Models;

namespace VideoSsl.Training.Tests;

/// <summary>Random resized crop, flip and temporal crop of the input pipeline.</summary>
public class ClipAugmenterTests
{
    [Fact]
    public void Augmenter_without_augmentation_copies_and_flip_mirrors()
    {
        var shape = new ClipShape(4, 8, 8, 3);
        var clip = new byte[shape.ClipBytes];
        new Random(1).NextBytes(clip);
        var output = new byte[clip.Length];
        new ClipAugmenter(shape, 4, 8, augment: false, 1.0, 0.0).Apply(clip, output, new DeterministicRng(1));
        Assert.Equal(clip, output);

        new ClipAugmenter(shape, 4, 8, augment: true, cropScaleMin: 1.0, flipProbability: 1.0).Apply(clip, output, new DeterministicRng(1));
        for (var t = 0; t < 4; t++)
        {
            for (var y = 0; y < 8; y++)
            {
                for (var x = 0; x < 8; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        Assert.Equal(clip[((((t * 8) + y) * 8) + x) * 3 + c], output[((((t * 8) + y) * 8) + (7 - x)) * 3 + c]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Augmenter_crops_in_time_and_resizes()
    {
        var shape = new ClipShape(10, 32, 32, 1);
        var clip = new byte[shape.ClipBytes];
        for (var t = 0; t < 10; t++)
        {
            clip.AsSpan(t * shape.FrameBytes, shape.FrameBytes).Fill((byte)(t * 10));
        }
        var augmenter = new ClipAugmenter(shape, 4, 16, augment: true, 0.5, 0.5);
        var output = new byte[augmenter.OutputBytes];
        augmenter.Apply(clip, output, new DeterministicRng(9));
        var first = output[0];
        Assert.Equal(0, first % 10);
        for (var t = 0; t < 4; t++)
        {
            Assert.All(output.AsSpan(t * 256, 256).ToArray(), v => Assert.Equal(first + (t * 10), v));
        }
    }

    [Theory]
    [InlineData(3, 0.5, 0.0, 11)]
    [InlineData(3, 0.6, 1.0, 12)]
    [InlineData(1, 0.3, 0.5, 13)]
    public void Augmenter_matches_plain_bilinear_resampling_of_the_same_crop(int channels, double cropScaleMin, double flip, int seed)
    {
        // A float reference of the same crop box and flip (the rng is replayed), computed pixel by pixel.
        var shape = new ClipShape(3, 24, 20, channels);
        var clip = new byte[shape.ClipBytes];
        new Random(seed).NextBytes(clip);
        var augmenter = new ClipAugmenter(shape, 3, 16, augment: true, cropScaleMin, flip);
        var output = new byte[augmenter.OutputBytes];
        augmenter.Apply(clip, output, new DeterministicRng((ulong)seed));

        var rng = new DeterministicRng((ulong)seed);
        var (x0, y0, cw, ch) = ReferenceCrop(shape.Width, shape.Height, cropScaleMin, rng);
        var flipped = rng.NextDouble() < flip;
        for (var t = 0; t < 3; t++)
        {
            for (var y = 0; y < 16; y++)
            {
                for (var x = 0; x < 16; x++)
                {
                    var sx = Math.Clamp(x0 + (((flipped ? 15 - x : x) + 0.5) * cw / 16) - 0.5, 0, shape.Width - 1);
                    var sy = Math.Clamp(y0 + ((y + 0.5) * ch / 16) - 0.5, 0, shape.Height - 1);
                    int ax = (int)sx, ay = (int)sy, bx = Math.Min(ax + 1, shape.Width - 1), by = Math.Min(ay + 1, shape.Height - 1);
                    double fx = sx - ax, fy = sy - ay;
                    for (var k = 0; k < channels; k++)
                    {
                        double P(int px, int py) => clip[(((t * shape.Height + py) * shape.Width) + px) * channels + k];
                        var expected = ((P(ax, ay) * (1 - fx) + P(bx, ay) * fx) * (1 - fy)) + ((P(ax, by) * (1 - fx) + P(bx, by) * fx) * fy);
                        var actual = output[(((t * 16 + y) * 16) + x) * channels + k];
                        Assert.True(Math.Abs(actual - expected) <= 1.5, $"t{t} y{y} x{x} c{k}: {actual} vs {expected:F2}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(20, 64, 64, 3, 64, 0.6)]   // the pipeline's case: 64×64 RGB clips to 64×64
    [InlineData(4, 48, 40, 3, 32, 0.3)]    // smaller output than input: most crops fall back to the scalar path
    [InlineData(4, 64, 64, 1, 64, 0.08)]   // gray, crops from tiny to whole
    [InlineData(3, 20, 36, 3, 48, 0.5)]    // enlarged; rows of 108 and 144 bytes, not multiples of 32
    public void Shuffled_resampling_gives_the_scalar_paths_bytes(int frames, int height, int width, int channels, int size, double cropScaleMin)
    {
        var shape = new ClipShape(frames, height, width, channels);
        var clip = new byte[shape.ClipBytes];
        new Random(frames + size).NextBytes(clip);
        var shuffled = new ClipAugmenter(shape, frames, size, augment: true, cropScaleMin, 0.5);
        var scalar = new ClipAugmenter(shape, frames, size, augment: true, cropScaleMin, 0.5) { UseShuffles = false };
        var (a, b) = (new byte[shuffled.OutputBytes], new byte[scalar.OutputBytes]);
        for (ulong seed = 0; seed < 40; seed++)
        {
            shuffled.Apply(clip, a, new DeterministicRng(seed));
            scalar.Apply(clip, b, new DeterministicRng(seed));
            Assert.True(a.AsSpan().SequenceEqual(b), $"seed {seed}: the two paths differ");
        }
    }

    [Fact]
    public void Shuffle_path_takes_the_pipelines_crops_on_a_cpu_that_has_it()
    {
        // Where the CPU has no one-instruction byte permute the scalar path is the only path and this has nothing to check.
        if (!ShuffleResampler.Supported)
        {
            return;
        }
        var (xs0, xs1, xw) = (new int[64], new int[64], new int[64]);
        for (var x = 0; x < 64; x++)
        {
            // The largest step a crop of a 64-pixel frame back to 64 pixels takes: one source pixel per output pixel.
            (xs0[x], xs1[x], xw[x]) = (x, Math.Min(x + 1, 63), 0);
        }
        Assert.NotNull(ShuffleResampler.TryCreate(64, 3, 64, xs0, xs1, xw));
        for (var x = 0; x < 32; x++)
        {
            (xs0[x], xs1[x]) = (2 * x, Math.Min((2 * x) + 1, 63)); // halving: two source pixels per output pixel
        }
        Assert.Null(ShuffleResampler.TryCreate(64, 3, 32, xs0, xs1, xw));
    }

    [Fact]
    public void Sixteen_bit_blend_down_matches_the_32_bit_formula_at_the_extremes()
    {
        if (!ShuffleResampler.Supported)
        {
            return;
        }
        var taps = Enumerable.Range(0, 64).ToArray();
        var resampler = ShuffleResampler.TryCreate(64, 3, 64, taps, taps, new int[64])!;
        // Sums run from 0 to 255 × 256; the split into high and low bytes is where a 16-bit blend could go wrong.
        ushort[] values = [0, 1, 127, 128, 255, 256, 257, 32767, 32768, 65024, 65279, 65280];
        var (upper, lower, row) = (new ushort[192], new ushort[192], new byte[192]);
        for (var weight = 0; weight <= 256; weight++)
        {
            for (var n = 0; n < values.Length * values.Length; n += 192)
            {
                for (var i = 0; i < 192; i++)
                {
                    var k = (n + i) % (values.Length * values.Length);
                    (upper[i], lower[i]) = (values[k / values.Length], values[k % values.Length]);
                }
                resampler.Down(upper, lower, weight, row);
                for (var i = 0; i < 192; i++)
                {
                    var expected = (byte)(((upper[i] * (256 - weight)) + (lower[i] * weight) + (1 << 15)) >> 16);
                    Assert.True(expected == row[i], $"w {weight}, upper {upper[i]}, lower {lower[i]}: {row[i]}, expected {expected}");
                }
            }
        }
    }

    // The augmenter's crop sampling (torchvision's RandomResizedCrop, 10 tries then the whole frame), replayed.
    private static (double X, double Y, double W, double H) ReferenceCrop(int w, int h, double scaleMin, DeterministicRng rng)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = w * h * rng.NextDouble(scaleMin, 1.0);
            var aspect = Math.Exp(rng.NextDouble(Math.Log(3.0 / 4), Math.Log(4.0 / 3)));
            double cw = Math.Sqrt(target * aspect), ch = Math.Sqrt(target / aspect);
            if (cw <= w && ch <= h)
            {
                return (rng.NextDouble() * (w - cw), rng.NextDouble() * (h - ch), cw, ch);
            }
        }
        return (0, 0, w, h);
    }
}
