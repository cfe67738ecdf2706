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
    /// <param name="classes">The class of each held-out clip, for the histogram and the per-class table.</param>
    /// <param name="training">Training clips for the mean-frame baseline.</param>
    /// <param name="source">Where the held-out clips come from, for the report.</param>
    public static (FutureFrameReport Report, IReadOnlyList<PredictionStrip> Strips) Run(
        VideoModel model, IReadOnlyList<byte[]> heldOut, IReadOnlyList<string> classes, IReadOnlyList<byte[]> training, VideoSsl.Clips.ClipShape shape, Device device, string source)
    {
        ArgumentOutOfRangeException.ThrowIfZero(heldOut.Count);
        if (classes.Count != heldOut.Count)
        {
            throw new ArgumentException($"{classes.Count} classes for {heldOut.Count} held-out clips", nameof(classes));
        }
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
        var perClass = classes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToDictionary(c => c, _ => (Model: new FutureFrameAccumulator(targetShape), CopyLast: new FutureFrameAccumulator(targetShape)), StringComparer.Ordinal);
        // One strip per class (its first clip) for the first four classes, so the pictures are not all one motion.
        var stripClasses = perClass.Keys.Take(4).ToList();
        var strips = new Dictionary<string, PredictionStrip>(StringComparer.Ordinal);
        for (var start = 0; start < heldOut.Count; start += ChunkClips)
        {
            var clips = FutureFrameEvaluator.Predict(model, heldOut.Skip(start).Take(ChunkClips).ToList(), shape, device);
            var copies = clips.Select(c => FrameBaselines.CopyLastFrame(c.Context, frameSize, targetShape.Frames)).ToList();
            var chunkClasses = classes.Skip(start).Take(clips.Count).ToList();
            // SSIM dominates the scoring: the predictors are scored side by side, each accumulator on one thread.
            Parallel.Invoke(
                () => Add(modelRow, clips, i => clips[i].Predicted),
                () => Add(copyRow, clips, i => copies[i]),
                () => Add(meanRow, clips, _ => meanFrame),
                () =>
                {
                    for (var i = 0; i < clips.Count; i++)
                    {
                        var (m, c) = perClass[chunkClasses[i]];
                        m.Add(clips[i].Predicted, clips[i].Target);
                        c.Add(copies[i], clips[i].Target);
                    }
                });
            for (var i = 0; i < clips.Count; i++)
            {
                if (stripClasses.Contains(chunkClasses[i]) && !strips.ContainsKey(chunkClasses[i]))
                {
                    var c = clips[i];
                    strips[chunkClasses[i]] = new PredictionStrip(c.Context, c.Target, c.Predicted, targetShape.Height, targetShape.Width, targetShape.Channels);
                }
            }
        }
        var rows = new List<FutureFrameRow>
        {
            new(FutureFrameReport.Model, modelRow.Result()),
            new(FutureFrameReport.CopyLast, copyRow.Result()),
            new(FutureFrameReport.MeanFrame, meanRow.Result()),
        };
        var classRows = perClass.Select(p => new FutureFrameClassRow(p.Key, p.Value.Model.Clips, p.Value.Model.Result(), p.Value.CopyLast.Result())).ToList();
        var report = new FutureFrameReport(config.ContextFrames, targetShape.Frames, rows)
        {
            Source = source,
            Classes = classRows.ToDictionary(r => r.Class, r => r.Clips, StringComparer.Ordinal),
            PerClass = classRows,
        };
        return (report, stripClasses.Where(strips.ContainsKey).Select(c => strips[c]).ToList());
    }

    private static void Add(FutureFrameAccumulator accumulator, IReadOnlyList<FutureFrameClip> clips, Func<int, float[]> predicted)
    {
        for (var i = 0; i < clips.Count; i++)
        {
            accumulator.Add(predicted(i), clips[i].Target);
        }
    }
}
