using VideoSsl.Clips.Datasets;
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
    /// <summary>Scores the model's predictions and both baselines; returns the report section and a few strips to draw.</summary>
    /// <param name="heldOut">Held-out clips (uint8 [T][H][W][C]).</param>
    /// <param name="classes">The class of each held-out clip, for the histogram and the per-class table.</param>
    /// <param name="training">Training clips for the mean-frame baseline.</param>
    /// <param name="source">Where the held-out clips come from, for the report.</param>
    public static (FutureFrameReport Report, IReadOnlyList<PredictionStrip> Strips) Run(
        VideoModel model, IReadOnlyList<byte[]> heldOut, IReadOnlyList<string> classes, IReadOnlyList<byte[]> training, VideoSsl.Clips.ClipShape shape, Device device, string source)
    {
        var clips = FutureFrameEvaluator.Predict(model, heldOut, shape, device);
        var targetShape = clips[0].TargetShape;
        var frameSize = targetShape.FrameBytes;
        var mean = new MeanFrameBuilder(frameSize);
        foreach (var clip in training)
        {
            // The mean frame is taken over every frame of the training clips.
            mean.AddClip(ClipPixels.ToUnit(clip));
        }
        var meanFrame = FrameBaselines.Repeat(mean.Mean(), targetShape.Frames);
        var targets = clips.Select(c => c.Target).ToList();
        var rows = new List<FutureFrameRow>
        {
            new(FutureFrameReport.Model, FutureFrameMetrics.Evaluate(clips.Select(c => c.Predicted).ToList(), targets, targetShape)),
            new(FutureFrameReport.CopyLast, FutureFrameMetrics.Evaluate(clips.Select(c => FrameBaselines.CopyLastFrame(c.Context, frameSize, targetShape.Frames)).ToList(), targets, targetShape)),
            new(FutureFrameReport.MeanFrame, FutureFrameMetrics.Evaluate(clips.Select(_ => meanFrame).ToList(), targets, targetShape)),
        };
        var perClass = classes.Select((c, i) => (Class: c, Index: i)).GroupBy(p => p.Class, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FutureFrameClassRow(g.Key, g.Count(),
                FutureFrameMetrics.Evaluate(g.Select(p => clips[p.Index].Predicted).ToList(), g.Select(p => targets[p.Index]).ToList(), targetShape),
                FutureFrameMetrics.Evaluate(g.Select(p => FrameBaselines.CopyLastFrame(clips[p.Index].Context, frameSize, targetShape.Frames)).ToList(), g.Select(p => targets[p.Index]).ToList(), targetShape)))
            .ToList();
        // One strip per class (its first clip) for the first four classes, so the pictures are not all one motion.
        var strips = perClass.Take(4).Select(row => clips[classes.ToList().IndexOf(row.Class)])
            .Select(c => new PredictionStrip(c.Context, c.Target, c.Predicted, targetShape.Height, targetShape.Width, targetShape.Channels)).ToList();
        var report = new FutureFrameReport(clips[0].ContextShape.Frames, targetShape.Frames, rows)
        {
            Source = source,
            Classes = perClass.ToDictionary(r => r.Class, r => r.Clips, StringComparer.Ordinal),
            PerClass = perClass,
        };
        return (report, strips);
    }
}
