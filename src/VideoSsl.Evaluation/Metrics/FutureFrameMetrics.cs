using VideoSsl.Clips;

namespace VideoSsl.Evaluation.Metrics;

/// <summary>Future-frame quality over clips: OpenSTL's MSE and MAE per frame, SSIM and PSNR, averaged over frames and clips.</summary>
/// <remarks>
/// Each clip is [T][H][W][C] floats on the [0, 1] scale. MSE/MAE are the squared/absolute error summed over a frame's
/// pixels and channels, then averaged over frames and clips (OpenSTL <c>MSE</c>/<c>MAE</c> without spatial_norm).
/// As in OpenSTL, predictions are clamped to [0, 1] for SSIM and PSNR only. PSNR is per frame, averaged, and
/// +∞ when some frame is predicted exactly. SSIM follows <see cref="Ssim"/>.
/// </remarks>
public sealed class FutureFrameAccumulator(ClipShape target)
{
    private readonly double[] _mse = new double[target.Frames];
    private readonly double[] _mae = new double[target.Frames];
    private readonly double[] _ssim = new double[target.Frames];
    private readonly double[] _psnr = new double[target.Frames];
    private int _clips;

    /// <summary>The shape of a target (and prediction) clip.</summary>
    public ClipShape Shape { get; } = target;

    /// <summary>Clips added so far.</summary>
    public int Clips => _clips;

    /// <summary>Adds one predicted clip and its ground truth.</summary>
    public void Add(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target)
    {
        if (predicted.Length != Shape.ClipBytes || target.Length != Shape.ClipBytes)
        {
            throw new ArgumentException($"clips of {predicted.Length} and {target.Length} values do not match {Shape}");
        }
        for (var t = 0; t < Shape.Frames; t++)
        {
            var p = predicted.Slice(t * Shape.FrameBytes, Shape.FrameBytes);
            var y = target.Slice(t * Shape.FrameBytes, Shape.FrameBytes);
            _mse[t] += FrameMetrics.SquaredErrorSum(p, y);
            _mae[t] += FrameMetrics.AbsoluteErrorSum(p, y);
            var clamped = FrameMetrics.ClampUnit(p);
            _psnr[t] += FrameMetrics.Psnr(clamped, y);
            _ssim[t] += Ssim.Compute(clamped, y, Shape.Height, Shape.Width, Shape.Channels);
        }
        _clips++;
    }

    /// <summary>The averages so far.</summary>
    public FutureFrameResult Result()
    {
        if (_clips == 0)
        {
            throw new InvalidOperationException("no clips were added");
        }
        var n = (double)_clips;
        var frames = Shape.Frames;
        return new FutureFrameResult(
            _clips,
            frames,
            _mse.Sum() / (n * frames),
            _mae.Sum() / (n * frames),
            _ssim.Sum() / (n * frames),
            _psnr.Sum() / (n * frames),
            _mse.Select(v => v / n).ToList(),
            _ssim.Select(v => v / n).ToList());
    }
}

/// <summary>Future-frame metrics of one predictor (see <see cref="FutureFrameAccumulator"/> for the definitions).</summary>
/// <param name="MsePerStep">MSE per frame by prediction horizon (index 0 is the first predicted frame).</param>
/// <param name="SsimPerStep">SSIM by prediction horizon.</param>
public sealed record FutureFrameResult(
    int Clips,
    int FramesPerClip,
    double Mse,
    double Mae,
    double Ssim,
    double Psnr,
    IReadOnlyList<double> MsePerStep,
    IReadOnlyList<double> SsimPerStep);

/// <summary>One-call evaluation of predicted clips against targets.</summary>
public static class FutureFrameMetrics
{
    /// <summary>Scores each predicted clip against its target; both [T][H][W][C] on [0, 1] with the shape <paramref name="target"/>.</summary>
    public static FutureFrameResult Evaluate(IReadOnlyList<float[]> predicted, IReadOnlyList<float[]> targets, ClipShape target)
    {
        if (predicted.Count != targets.Count)
        {
            throw new ArgumentException($"{predicted.Count} predictions for {targets.Count} targets");
        }
        var accumulator = new FutureFrameAccumulator(target);
        for (var i = 0; i < predicted.Count; i++)
        {
            accumulator.Add(predicted[i], targets[i]);
        }
        return accumulator.Result();
    }
}
