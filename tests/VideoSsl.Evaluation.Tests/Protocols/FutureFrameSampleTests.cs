using VideoSsl.Clips.Datasets;
using VideoSsl.Evaluation.Labeled;
using VideoSsl.Evaluation.Protocols;

namespace VideoSsl.Evaluation.Tests.Protocols;

public class FutureFrameSampleTests
{
    private static ManifestEntry Entry(int clip, string? label, string? split) =>
        new(clip, $"v{clip}", $"src/{clip}.mp4", "h", 0, 0, "s", clip, 0, label, split);

    [Fact]
    public void Every_class_gives_the_same_number_of_test_clips()
    {
        // Shard order puts 30 "left" clips first: the old first-N sample would have been all left.
        var entries = Enumerable.Range(0, 30).Select(i => Entry(i, "left", Splits.Test))
            .Concat(Enumerable.Range(30, 8).Select(i => Entry(i, "right", Splits.Test)))
            .Concat(Enumerable.Range(38, 12).Select(i => Entry(i, "still", Splits.Test)))
            .Concat(Enumerable.Range(50, 40).Select(i => Entry(i, "right", Splits.Train)))
            .ToList();

        var (chosen, split) = FutureFrameSample.Select(entries, clips: 30);

        Assert.Equal(Splits.Test, split);
        Assert.All(chosen, e => Assert.Equal(Splits.Test, e.Split));
        // 30 / 3 = 10 per class, but "right" has only 8 test clips: 8 from each.
        Assert.Equal(new Dictionary<string, int> { ["left"] = 8, ["right"] = 8, ["still"] = 8 }, chosen.GroupBy(FutureFrameSample.ClassOf).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(chosen.Select(e => e.Clip), FutureFrameSample.Select(entries, clips: 30).Entries.Select(e => e.Clip));   // the same on a rerun
        Assert.NotEqual(Enumerable.Range(0, 8), chosen.Where(e => e.Label == "left").Select(e => e.Clip).Order());          // not just the first clips
    }

    [Fact]
    public void An_unlabeled_dataset_is_one_class()
    {
        var entries = Enumerable.Range(0, 20).Select(i => Entry(i, null, null)).ToList();
        var (chosen, split) = FutureFrameSample.Select(entries, clips: 5);
        Assert.Equal("all", split);
        Assert.Equal(5, chosen.Count);
        Assert.All(chosen, e => Assert.Equal(FutureFrameSample.Unlabeled, FutureFrameSample.ClassOf(e)));
    }
}
