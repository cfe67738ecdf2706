using VideoSsl.Clips;
using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Protocols;
using VideoSsl.Evaluation.Reporting;
using VideoSsl.Models;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Evaluation.Tests.Protocols;

/// <summary>Future frames scored in chunks (a 10 000-clip test set needs the memory of 256 clips) give what scoring every clip at once gives.</summary>
public class FutureFrameProtocolTests
{
    private static readonly VideoModelConfig Config = VideoModelConfig.ConvTiny with
    {
        Frames = 4, ImageSize = 16, Channels = 1, PatchSize = 4, ContextFrames = 2, Dim = 8, Depth = 1, FrameChannels = 2, Kernel = 3,
    };

    [Fact]
    public void Scores_over_several_chunks_equal_the_scores_of_all_clips_at_once_overall_and_per_class()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(3);
        using var model = VideoModel.Create(Config);
        var shape = new ClipShape(4, 16, 16, 1);
        var random = new Random(5);
        var clips = Enumerable.Range(0, FutureFrameProtocol.ChunkClips + 44).Select(_ =>
        {
            var clip = new byte[shape.ClipBytes];
            random.NextBytes(clip);
            return clip;
        }).ToList();
        var classes = clips.Select((_, i) => i % 3 == 0 ? "b" : "a").ToList();
        var training = clips.Take(10).ToList();

        var (report, strips) = FutureFrameProtocol.Run(model, clips, classes, training, shape, CPU, "unit");

        var all = FutureFrameEvaluator.Predict(model, clips, shape, CPU);
        var target = all[0].TargetShape;
        var expectedModel = FutureFrameMetrics.Evaluate([.. all.Select(c => c.Predicted)], [.. all.Select(c => c.Target)], target);
        var expectedCopy = FutureFrameMetrics.Evaluate([.. all.Select(c => FrameBaselines.CopyLastFrame(c.Context, target.FrameBytes, target.Frames))], [.. all.Select(c => c.Target)], target);
        Assert.Equal(expectedModel, report.Rows.Single(r => r.Method == FutureFrameReport.Model).Metrics, ResultComparer.Instance);
        Assert.Equal(expectedCopy, report.Rows.Single(r => r.Method == FutureFrameReport.CopyLast).Metrics, ResultComparer.Instance);
        Assert.Equal(clips.Count, report.Rows.Single(r => r.Method == FutureFrameReport.MeanFrame).Metrics.Clips);

        var b = report.PerClass.Single(r => r.Class == "b");
        var inB = all.Where((_, i) => classes[i] == "b").ToList();
        Assert.Equal((100, 200), (b.Clips, report.Classes["a"]));
        Assert.Equal(FutureFrameMetrics.Evaluate([.. inB.Select(c => c.Predicted)], [.. inB.Select(c => c.Target)], target), b.Model, ResultComparer.Instance);
        Assert.Equal(["a", "b"], report.PerClass.Select(r => r.Class));
        Assert.Equal(2, strips.Count); // the first clip of each class
    }

    private sealed class ResultComparer : IEqualityComparer<FutureFrameResult>
    {
        public static readonly ResultComparer Instance = new();

        public bool Equals(FutureFrameResult? x, FutureFrameResult? y) =>
            x is not null && y is not null && (x.Clips, x.FramesPerClip, x.Mse, x.Mae, x.Ssim, x.Psnr) == (y.Clips, y.FramesPerClip, y.Mse, y.Mae, y.Ssim, y.Psnr)
            && x.MsePerStep.SequenceEqual(y.MsePerStep) && x.SsimPerStep.SequenceEqual(y.SsimPerStep);

        public int GetHashCode(FutureFrameResult obj) => obj.Clips;
    }
}
