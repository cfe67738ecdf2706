namespace VideoSsl.Evaluation.Baselines;

/// <summary>
/// Hand-crafted clip features from brightness change alone, the classical reference a learned video encoder should beat:
/// per pair of consecutive frames, the mean normal-flow translation (x, y), the amount of change, and the divergence
/// (expansion) and curl (rotation) of the flow about the centre of the change; each series summarised by its mean,
/// first-half mean, second-half mean and standard deviation. Nothing is learned, so it is the same for every run.
/// </summary>
/// <remarks>
/// Brightness constancy gives I_t = −u·∇I, so Σ −I_t ∇I / Σ|∇I|² estimates the average motion u of the textured pixels.
/// Positive x is rightwards, positive y downwards, positive divergence is growth, positive curl is clockwise on screen.
/// </remarks>
public static class MotionEnergyFeatures
{
    /// <summary>Per-frame-pair measurements: translation x and y, change, divergence, curl.</summary>
    public const int Series = 5;

    /// <summary>Summaries per series: mean, first-half mean, second-half mean, standard deviation.</summary>
    public const int Summaries = 4;

    /// <summary>Length of a feature vector.</summary>
    public const int Length = Series * Summaries;

    /// <summary>The features of one clip laid out [T][H][W][C] (uint8, C = 1 or 3; H = W not required).</summary>
    public static float[] Of(ReadOnlySpan<byte> clip, int frames, int height, int width, int channels)
    {
        var frameValues = height * width * channels;
        if (frames < 2 || height < 3 || width < 3 || channels is not (1 or 3) || clip.Length != frames * frameValues)
        {
            throw new ArgumentException($"A clip of {frames}×{height}×{width}×{channels} needs {frames * frameValues} bytes and at least 2 frames of 3×3 pixels; got {clip.Length} bytes.", nameof(clip));
        }
        var gray = Gray(clip, frames, height * width, channels);
        var series = new double[frames - 1][];
        for (var t = 0; t < frames - 1; t++)
        {
            series[t] = Pair(gray[t], gray[t + 1], height, width);
        }
        var features = new float[Length];
        var half = series.Length / 2;
        for (var k = 0; k < Series; k++)
        {
            var values = series.Select(s => s[k]).ToArray();
            var mean = values.Average();
            features[k * Summaries] = (float)mean;
            features[k * Summaries + 1] = (float)values.Take(Math.Max(1, half)).Average();
            features[k * Summaries + 2] = (float)values.Skip(half).Average();
            features[k * Summaries + 3] = (float)Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        }
        return features;
    }

    // Translation x, y (pixels per frame), mean absolute change, divergence and curl (per frame, scale-free).
    private static double[] Pair(float[] a, float[] b, int height, int width)
    {
        double change = 0, cxw = 0, cyw = 0;
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var i = y * width + x;
                var it = Math.Abs(b[i] - a[i]);
                change += it;
                cxw += it * x;
                cyw += it * y;
            }
        }
        double cx = change > 0 ? cxw / change : (width - 1) / 2.0, cy = change > 0 ? cyw / change : (height - 1) / 2.0;
        double ux = 0, uy = 0, energy = 0, divergence = 0, curl = 0;
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var i = y * width + x;
                double it = b[i] - a[i], ix = (a[i + 1] - a[i - 1]) / 2.0, iy = (a[i + width] - a[i - width]) / 2.0;
                double rx = x - cx, ry = y - cy;
                ux -= it * ix;
                uy -= it * iy;
                energy += ix * ix + iy * iy;
                // Normal flow along the gradient projected on the radial and tangential directions.
                divergence -= it * (rx * ix + ry * iy);
                curl -= it * (rx * iy - ry * ix);
            }
        }
        energy += 1e-6;
        var inner = (height - 2) * (width - 2);
        var radius = Math.Max(height, width) / 2.0;
        return [ux / energy, uy / energy, change / inner, divergence / energy / radius, curl / energy / radius];
    }

    private static float[][] Gray(ReadOnlySpan<byte> clip, int frames, int pixels, int channels)
    {
        var gray = new float[frames][];
        for (var t = 0; t < frames; t++)
        {
            var frame = clip.Slice(t * pixels * channels, pixels * channels);
            var g = gray[t] = new float[pixels];
            for (var p = 0; p < pixels; p++)
            {
                g[p] = channels == 1 ? frame[p] / 255f : (frame[3 * p] + frame[3 * p + 1] + frame[3 * p + 2]) / 765f;
            }
        }
        return gray;
    }
}
