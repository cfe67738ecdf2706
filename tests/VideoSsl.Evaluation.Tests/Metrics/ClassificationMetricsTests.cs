using VideoSsl.Evaluation.Metrics;

namespace VideoSsl.Evaluation.Tests.Metrics;

public class ClassificationMetricsTests
{
    private static readonly string[] Classes = ["a", "b", "c", "d", "e", "f"];

    [Fact]
    public void Top1_top5_per_class_and_confusion_match_a_hand_count()
    {
        float[,] logits =
        {
            { 9, 1, 0, 0, 0, 0 },   // true a, predicted a
            { 1, 9, 0, 0, 0, 0 },   // true a, predicted b (rank 1)
            { 0, 0, 9, 0, 0, 0 },   // true c, predicted c
            { 6, 5, 4, 3, 2, 1 },   // true f, predicted a (rank 5: outside top-5)
        };
        int[] labels = [0, 0, 2, 5];
        var r = ClassificationMetrics.Compute(logits, labels, Classes);
        Assert.Equal(0.5, r.Top1);
        Assert.Equal(0.75, r.Top5);
        Assert.Equal(5, r.TopK);
        Assert.Equal(new ClassAccuracy("a", 2, 1, 0.5), r.PerClass[0]);
        Assert.Equal(new ClassAccuracy("b", 0, 0, null), r.PerClass[1]);
        Assert.Equal(1.0, r.PerClass[2].Accuracy);
        Assert.Equal(0.0, r.PerClass[5].Accuracy);
        Assert.Equal([1, 1, 0, 0, 0, 0], r.Confusion[0]);
        Assert.Equal([1, 0, 0, 0, 0, 0], r.Confusion[5]);
        Assert.Equal((0.5 + 1 + 0) / 3, r.MeanClassAccuracy, 12);
    }

    [Fact]
    public void Probabilities_and_logits_rank_alike_and_ties_go_to_the_lower_index()
    {
        float[][] logits = [[2, 1, 0], [0, 3, 1]];
        var probabilities = logits.Select(l => Softmax.Of(l)).ToArray();
        string[] classes = ["x", "y", "z"];
        Assert.Equal(ClassificationMetrics.Compute(logits, [0, 2], classes).Top1, ClassificationMetrics.Compute(probabilities, [0, 2], classes).Top1);
        Assert.Equal(3, ClassificationMetrics.Compute(logits, [0, 2], classes).TopK);
        Assert.Equal(0, ClassificationMetrics.RankOfTrue([1, 1, 0], 0));
        Assert.Equal(1, ClassificationMetrics.RankOfTrue([1, 1, 0], 1));
    }

    [Fact]
    public void Softmax_is_stable_and_sums_to_one()
    {
        var p = Softmax.Of([1000, 1000, 0]);
        Assert.Equal(0.5, p[0], 6);
        Assert.Equal(1.0, p.Sum(), 6);
    }

    [Fact]
    public void Multi_view_averages_softmax_per_video_before_scoring()
    {
        // Video v1: one confident wrong clip (class 1) and two mildly right clips (class 0); softmax averaging gives class 1.
        string[] ids = ["v1", "v2", "v1", "v1"];
        float[][] logits = [[0, 10], [5, 0], [1, 0], [1, 0]];
        int[] labels = [0, 0, 0, 0];
        var videos = MultiView.Aggregate(ids, logits, labels);
        Assert.Equal(["v1", "v2"], videos.VideoIds);
        Assert.Equal([3, 1], videos.Views);
        var expected = (Softmax.Of([0, 10])[0] + 2 * Softmax.Of([1, 0])[0]) / 3;
        Assert.Equal(expected, videos.Probabilities[0][0], 6);
        var result = MultiView.Score(ids, logits, labels, ["a", "b"]);
        Assert.Equal(2, result.Samples);
        Assert.Equal(0.5, result.Top1);
        Assert.Throws<ArgumentException>(() => MultiView.Aggregate(["v", "v"], [[1f, 0f], [1f, 0f]], [0, 1]));
    }
}
