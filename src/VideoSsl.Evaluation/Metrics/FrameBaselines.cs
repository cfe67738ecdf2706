namespace VideoSsl.Evaluation.Metrics;

/// <summary>The two trivial future-frame predictors a model must beat, over [T][H][W][C] float clips.</summary>
/// <remarks>
/// "Mean frame" in reports is <see cref="TrainingMeanFrame"/>: the per-pixel mean of every frame of the training
/// clips, predicted for every future step. It is the best constant (input-ignoring) predictor under MSE, the
/// counterpart of climatology in weather forecasting; copy-last is the best cheap predictor that uses the context.
/// <see cref="ContextMean"/> (the mean of the clip's own context frames) is offered as well but is not the report's
/// mean-frame baseline.
/// </remarks>
public static class FrameBaselines
{
    /// <summary>Repeats the last context frame for each of <paramref name="targetFrames"/> steps.</summary>
    public static float[] CopyLastFrame(ReadOnlySpan<float> context, int frameSize, int targetFrames)
    {
        var frames = FrameCount(context, frameSize);
        return Repeat(context.Slice((frames - 1) * frameSize, frameSize), targetFrames);
    }

    /// <summary>Repeats the per-pixel mean of the clip's own context frames.</summary>
    public static float[] ContextMean(ReadOnlySpan<float> context, int frameSize, int targetFrames)
    {
        var mean = new MeanFrameBuilder(frameSize);
        mean.AddClip(context);
        return Repeat(mean.Mean(), targetFrames);
    }

    /// <summary>The per-pixel mean over every frame of the training clips.</summary>
    public static float[] TrainingMeanFrame(IEnumerable<float[]> trainingClips, int frameSize)
    {
        var mean = new MeanFrameBuilder(frameSize);
        foreach (var clip in trainingClips)
        {
            mean.AddClip(clip);
        }
        return mean.Mean();
    }

    /// <summary>A clip of <paramref name="frames"/> copies of <paramref name="frame"/>.</summary>
    public static float[] Repeat(ReadOnlySpan<float> frame, int frames)
    {
        var clip = new float[frame.Length * frames];
        for (var t = 0; t < frames; t++)
        {
            frame.CopyTo(clip.AsSpan(t * frame.Length));
        }
        return clip;
    }

    internal static int FrameCount(ReadOnlySpan<float> clip, int frameSize) =>
        frameSize > 0 && clip.Length > 0 && clip.Length % frameSize == 0
            ? clip.Length / frameSize
            : throw new ArgumentException($"a clip of {clip.Length} values is not a whole number of {frameSize}-value frames");
}

/// <summary>Streams frames into a per-pixel mean without holding the clips.</summary>
public sealed class MeanFrameBuilder(int frameSize)
{
    private readonly double[] _sum = new double[frameSize];
    private long _frames;

    /// <summary>Frames added so far.</summary>
    public long Frames => _frames;

    /// <summary>Adds every frame of a [T][H][W][C] clip.</summary>
    public void AddClip(ReadOnlySpan<float> clip)
    {
        var frames = FrameBaselines.FrameCount(clip, _sum.Length);
        for (var t = 0; t < frames; t++)
        {
            var frame = clip.Slice(t * _sum.Length, _sum.Length);
            for (var i = 0; i < frame.Length; i++)
            {
                _sum[i] += frame[i];
            }
        }
        _frames += frames;
    }

    /// <summary>The mean frame; throws when nothing was added.</summary>
    public float[] Mean() =>
        _frames > 0 ? _sum.Select(s => (float)(s / _frames)).ToArray() : throw new InvalidOperationException("no frames were added");
}

/// <summary>Conversions from stored uint8 clips to the [0, 1] floats the metrics take.</summary>
public static class ClipPixels
{
    /// <summary>Each byte divided by 255.</summary>
    public static float[] ToUnit(ReadOnlySpan<byte> clip)
    {
        var result = new float[clip.Length];
        for (var i = 0; i < clip.Length; i++)
        {
            result[i] = clip[i] / 255f;
        }
        return result;
    }

    /// <summary>Splits a clip into its first <paramref name="contextFrames"/> frames and the rest.</summary>
    public static (float[] Context, float[] Target) Split(float[] clip, int frameSize, int contextFrames)
    {
        var frames = FrameBaselines.FrameCount(clip, frameSize);
        if (contextFrames < 1 || contextFrames >= frames)
        {
            throw new ArgumentOutOfRangeException(nameof(contextFrames), contextFrames, $"must leave context and target frames in a {frames}-frame clip");
        }
        return (clip[..(contextFrames * frameSize)], clip[(contextFrames * frameSize)..]);
    }
}
