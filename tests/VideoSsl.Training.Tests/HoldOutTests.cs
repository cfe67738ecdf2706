using VideoSsl.Clips.Datasets;

namespace VideoSsl.Training.Tests;

/// <summary>Which clips validation holds out: a function of the video ids alone, never trained on.</summary>
public class HoldOutTests
{
    // 20 videos of 2 clips each, in one dataset (or under a store path per dataset when several are concatenated).
    private static List<ManifestEntry> Entries(string shardFolder = "", int videos = 20, string prefix = "video") =>
        [.. Enumerable.Range(0, videos * 2).Select(i => new ManifestEntry(i, $"{prefix}{i / 2:D3}", $"src/{prefix}{i / 2}.mp4", "h", i % 2, 2.0 * (i % 2),
            $"{shardFolder}shards/s{i / 16}.vsc", i % 16, 0))];

    private static HashSet<string> Videos(IReadOnlyList<ManifestEntry> entries, IEnumerable<int> clips) => [.. clips.Select(i => entries[i].VideoId)];

    [Fact]
    public void Holds_out_whole_videos_and_trains_on_every_other_clip()
    {
        var entries = Entries();
        var split = HoldOut.Split(entries, videosPerDataset: 3, clips: 4);

        Assert.Equal(3, split.HeldOutVideos);
        Assert.Equal(4, split.Validation.Count);
        var heldOut = Videos(entries, Enumerable.Range(0, entries.Count).Except(split.Training));
        Assert.Equal(3, heldOut.Count);
        Assert.Subset(heldOut, Videos(entries, split.Validation));
        Assert.Empty(Videos(entries, split.Training).Intersect(heldOut));
        Assert.Equal(34, split.Training.Count);                                       // 17 videos × 2 clips
        Assert.Equal(split.Training.Order(), split.Training);                        // manifest order
    }

    [Fact]
    public void The_same_videos_are_held_out_whatever_the_manifest_order()
    {
        var entries = Entries();
        var reversed = Enumerable.Reverse(entries).ToList();
        var a = HoldOut.Split(entries, 3, 6);
        var b = HoldOut.Split(reversed, 3, 6);
        var again = HoldOut.Split(entries, 3, 6);

        Assert.Equal(a.Training, again.Training);
        Assert.Equal(a.Validation, again.Validation);
        Assert.Equal(a.Validation.Select(i => (entries[i].VideoId, entries[i].ClipIndex)), b.Validation.Select(i => (reversed[i].VideoId, reversed[i].ClipIndex)));
        // More videos held out keep the ones fewer held out: the ranking does not depend on the count.
        Assert.Subset(Videos(entries, HoldOut.Split(entries, 4, 100).Validation), Videos(entries, a.Validation));
    }

    [Fact]
    public void At_most_a_fifth_of_a_dataset_and_nothing_when_switched_off()
    {
        var entries = Entries();
        Assert.Equal(4, HoldOut.Split(entries, 100, 100).HeldOutVideos);
        var off = HoldOut.Split(entries, 0, 10);
        Assert.Equal((entries.Count, 0, 0), (off.Training.Count, off.Validation.Count, off.HeldOutVideos));
        Assert.Equal(0, HoldOut.Split(Entries(videos: 4), 2, 10).HeldOutVideos);   // too small to spare a video
    }

    [Fact]
    public void Several_datasets_each_give_validation_clips()
    {
        var entries = Entries("datasets/a/v1/", prefix: "same").Concat(Entries("datasets/b/v1/", prefix: "same")).ToList();
        var split = HoldOut.Split(entries, 2, 3);

        Assert.Equal(4, split.HeldOutVideos);                    // the same video id in two datasets is two videos
        Assert.Equal(3, split.Validation.Count);
        Assert.Contains(split.Validation, i => entries[i].Shard.StartsWith("datasets/a/", StringComparison.Ordinal));
        Assert.Contains(split.Validation, i => entries[i].Shard.StartsWith("datasets/b/", StringComparison.Ordinal));
    }
}
