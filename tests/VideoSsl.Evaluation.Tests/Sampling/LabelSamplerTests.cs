using VideoSsl.Clips.Datasets;
using VideoSsl.Evaluation.Sampling;

namespace VideoSsl.Evaluation.Tests.Sampling;

public class LabelSamplerTests
{
    /// <summary>Class a: 10 training videos, b: 4, c: 1; two clips per video; plus test videos that must never be sampled.</summary>
    private static List<ManifestEntry> Manifest()
    {
        var entries = new List<ManifestEntry>();
        void Video(string label, int i, string split)
        {
            for (var clip = 0; clip < 2; clip++)
            {
                entries.Add(new ManifestEntry(entries.Count, $"{label}-{split}-{i}", $"{label}/{i}.mp4", "h", clip, clip, "s", 0, 0, label, split));
            }
        }
        foreach (var (label, n) in new[] { ("a", 10), ("b", 4), ("c", 1) })
        {
            for (var i = 0; i < n; i++)
            {
                Video(label, i, "train");
            }
            Video(label, 0, "test");
        }
        return entries;
    }

    [Fact]
    public void Labels_per_class_keeps_K_videos_of_each_class_with_all_their_clips()
    {
        var sample = new LabelSampler(LabelBudget.PerClass(3), seed: 1).Sample(Manifest());
        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 3, ["c"] = 1 }, sample.VideosPerClass);
        Assert.Equal(2 * 7, sample.Entries.Count);
        Assert.All(sample.Entries, e => Assert.Equal("train", e.Split));
        Assert.All(sample.Entries.GroupBy(e => e.VideoId), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void Label_fraction_rounds_half_away_from_zero_and_never_empties_a_class()
    {
        var sample = new LabelSampler(LabelBudget.Fraction(0.25), seed: 1).Sample(Manifest());
        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 1, ["c"] = 1 }, sample.VideosPerClass);
    }

    [Fact]
    public void Same_seed_gives_the_same_videos_whatever_the_input_order_and_other_seeds_differ()
    {
        var manifest = Manifest();
        var sampler = new LabelSampler(LabelBudget.PerClass(2), seed: 42);
        var first = sampler.Sample(manifest).VideoIds;
        var shuffled = manifest.OrderBy(e => e.VideoId.GetHashCode(StringComparison.Ordinal) ^ e.ClipIndex).ToList();
        Assert.Equal(first.Order(), sampler.Sample(shuffled).VideoIds.Order());
        var seeds = Enumerable.Range(0, 5).Select(s => string.Join(",", new LabelSampler(LabelBudget.PerClass(2), s).Sample(manifest).VideoIds.Order())).ToHashSet();
        Assert.True(seeds.Count > 1);
    }

    [Fact]
    public void Larger_budgets_under_one_seed_contain_the_smaller_ones()
    {
        var manifest = Manifest();
        var one = new LabelSampler(LabelBudget.PerClass(1), 3).Sample(manifest).VideoIds;
        var five = new LabelSampler(LabelBudget.PerClass(5), 3).Sample(manifest).VideoIds;
        Assert.Subset(five.ToHashSet(), one.ToHashSet());
    }

    [Fact]
    public void All_keeps_every_training_video()
    {
        Assert.Equal(15, new LabelSampler(LabelBudget.All, 0).Sample(Manifest()).VideoIds.Count);
    }

    [Fact]
    public void Unlabeled_training_clips_and_conflicting_budgets_are_refused()
    {
        var manifest = Manifest();
        manifest[0] = manifest[0] with { Label = null };
        Assert.Throws<InvalidDataException>(() => new LabelSampler(LabelBudget.All, 0).Sample(manifest));
        Assert.Throws<ArgumentException>(() => LabelBudget.From(5, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelBudget.PerClass(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelBudget.Fraction(1.5));
        Assert.Equal("10%", LabelBudget.From(null, 0.1).ToString());
    }
}
