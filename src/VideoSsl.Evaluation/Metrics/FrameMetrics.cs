namespace VideoSsl.Evaluation.Metrics;

/// <summary>Per-frame error measures on the [0, 1] scale, as OpenSTL defines them.</summary>
public static class FrameMetrics
{
    /// <summary>Squared error summed over every pixel and channel of the frame (OpenSTL's per-frame MSE).</summary>
    public static double SquaredErrorSum(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target)
    {
        CheckLengths(predicted, target);
        var sum = 0.0;
        for (var i = 0; i < predicted.Length; i++)
        {
            var d = (double)predicted[i] - target[i];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>Absolute error summed over every pixel and channel of the frame (OpenSTL's per-frame MAE).</summary>
    public static double AbsoluteErrorSum(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target)
    {
        CheckLengths(predicted, target);
        var sum = 0.0;
        for (var i = 0; i < predicted.Length; i++)
        {
            sum += Math.Abs((double)predicted[i] - target[i]);
        }
        return sum;
    }

    /// <summary>20·log10(1 / √mse) with mse the mean over the frame's values; +∞ for identical frames (as OpenSTL).</summary>
    public static double Psnr(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target)
    {
        var mse = SquaredErrorSum(predicted, target) / predicted.Length;
        return mse == 0 ? double.PositiveInfinity : 20 * Math.Log10(1 / Math.Sqrt(mse));
    }

    /// <summary>A copy clamped to [0, 1], as OpenSTL clips predictions before SSIM and PSNR.</summary>
    public static float[] ClampUnit(ReadOnlySpan<float> values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = Math.Clamp(values[i], 0f, 1f);
        }
        return result;
    }

    private static void CheckLengths(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target)
    {
        if (predicted.Length != target.Length || predicted.Length == 0)
        {
            throw new ArgumentException($"frames of {predicted.Length} and {target.Length} values cannot be compared");
        }
    }
}
