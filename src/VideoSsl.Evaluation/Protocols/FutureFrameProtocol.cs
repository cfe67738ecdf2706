using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Reporting;
using VideoSsl.Evaluation.Reporting.Figures;
using VideoSsl.Models;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Evaluation.Protocols;

/// <summary>Future-frame quality on held-out clips: the model against copy-last-frame and the training mean frame.</summary>
public static class FutureFrameProtocol
{
    /// <summary>Held-out clips predicted and scored at a time: the floats of a chunk (context, target and prediction) are ~125 MB for 64×64 gray clips, whatever the test set's size.</summary>
    public const int ChunkClips = 256;

    /// <summary>Scores the model's predictions and both baselines; returns the report section and a few strips to draw.</summary>
    /// <param name="heldOut">Held-out clips (uint8 [T][H][W][C]).</param>
    /// <param name="training">Training clips for the mean-frame baseline.</param>
    public static (FutureFrameReport Report, IReadOnlyList<PredictionStrip> Strips) Run(
        VideoModel model, IReadOnlyList<byte[]> heldOut, IReadOnlyList<byte[]> training, VideoSsl.Clips.ClipShape shape, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfZero(heldOut.Count);
        var config = model.Config;
        var targetShape = new VideoSsl.Clips.ClipShape(config.Frames - config.ContextFrames, config.ImageSize, config.ImageSize, config.Channels);
        var frameSize = targetShape.FrameBytes;
        var mean = new MeanFrameBuilder(frameSize);
        foreach (var clip in training)
        {
            // The mean frame is taken over every frame of the training clips.
            mean.AddClip(ClipPixels.ToUnit(clip));
        }
        var meanFrame = FrameBaselines.Repeat(mean.Mean(), targetShape.Frames);
        var (modelRow, copyRow, meanRow) = (new FutureFrameAccumulator(targetShape), new FutureFrameAccumulator(targetShape), new FutureFrameAccumulator(targetShape));
        var strips = new List<PredictionStrip>();
        for (var start = 0; start < heldOut.Count; start += ChunkClips)
        {
            var clips = FutureFrameEvaluator.Predict(model, heldOut.Skip(start).Take(ChunkClips).ToList(), shape, device);
            // SSIM dominates the scoring; the three predictors are scored side by side.
            Parallel.Invoke(
                () => Add(modelRow, clips, c => c.Predicted),
                () => Add(copyRow, clips, c => FrameBaselines.CopyLastFrame(c.Context, frameSize, targetShape.Frames)),
                () => Add(meanRow, clips, _ => meanFrame));
            strips.AddRange(clips.Take(4 - strips.Count).Select(c => new PredictionStrip(c.Context, c.Target, c.Predicted, targetShape.Height, targetShape.Width, targetShape.Channels)));
        }
        var rows = new List<FutureFrameRow>
        {
            new(FutureFrameReport.Model, modelRow.Result()),
            new(FutureFrameReport.CopyLast, copyRow.Result()),
            new(FutureFrameReport.MeanFrame, meanRow.Result()),
        };
        return (new FutureFrameReport(config.ContextFrames, targetShape.Frames, rows), strips);
    }

    private static void Add(FutureFrameAccumulator accumulator, IReadOnlyList<FutureFrameClip> clips, Func<FutureFrameClip, float[]> predict)
    {
        foreach (var clip in clips)
        {
            accumulator.Add(predict(clip), clip.Target);
        }
    }
}
