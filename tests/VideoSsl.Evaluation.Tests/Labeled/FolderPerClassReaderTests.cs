using VideoSsl.Evaluation.Labeled;

namespace VideoSsl.Evaluation.Tests.Labeled;

public class FolderPerClassReaderTests
{
    [Fact]
    public async Task Class_folders_become_labels_all_in_train_without_a_test_fraction()
    {
        using var d = new DatasetFolder().Videos("cat/a.mp4", "cat/b.mp4", "dog/sub/c.avi", "dog/notes.txt");
        var set = await LabeledSetReader.ReadAsync(d.Root);
        Assert.Equal(LabeledLayout.FolderPerClass, set.Layout);
        Assert.Equal(["cat", "dog"], set.Classes);
        Assert.Equal(["cat/a.mp4", "cat/b.mp4", "dog/sub/c.avi"], set.Videos.Select(v => v.Path));
        Assert.All(set.Videos, v => Assert.Equal(Splits.Train, v.Split));
        Assert.Equal(("dog", "train"), set.ToIngestLabels()["dog/sub/c.avi"]);
    }

    [Fact]
    public async Task Test_fraction_is_stratified_seeded_and_keeps_a_training_video_per_class()
    {
        using var d = new DatasetFolder()
            .Videos(Enumerable.Range(0, 10).Select(i => $"a/{i}.mp4").Concat(["b/0.mp4", "c/0.mp4", "c/1.mp4"]).ToArray());
        var options = new LabeledSetOptions { TestFraction = 0.3, Seed = 7 };
        var set = await LabeledSetReader.ReadAsync(d.Root, options);
        Assert.Equal(3, set.InSplit(Splits.Test).Count(v => v.Label == "a"));
        Assert.DoesNotContain(set.InSplit(Splits.Test), v => v.Label == "b");                    // 1 video: kept for training
        Assert.Single(set.InSplit(Splits.Test), v => v.Label == "c");                           // round(0.6) = 1
        var again = await LabeledSetReader.ReadAsync(d.Root, options);
        Assert.Equal(set.Videos, again.Videos);
        var other = await LabeledSetReader.ReadAsync(d.Root, new LabeledSetOptions { TestFraction = 0.3, Seed = 8 });
        Assert.NotEqual(set.InSplit(Splits.Test).Select(v => v.Path), other.InSplit(Splits.Test).Select(v => v.Path));
    }

    [Fact]
    public async Task Split_folders_give_the_split()
    {
        using var d = new DatasetFolder().Videos("train/cat/a.mp4", "train/dog/b.mp4", "test/cat/c.mp4");
        var set = await LabeledSetReader.ReadAsync(d.Root);
        Assert.Equal(["train/cat/a.mp4", "train/dog/b.mp4"], set.InSplit(Splits.Train).Select(v => v.Path).Order());
        Assert.Equal("cat", set.InSplit(Splits.Test).Single().Label);
    }

    [Fact]
    public async Task A_class_only_in_test_has_no_training_video()
    {
        using var d = new DatasetFolder().Videos("train/cat/a.mp4", "test/dog/b.mp4");
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Contains("class 'dog' has no training video", e.Message);
        Assert.EndsWith("b.mp4", e.File);
    }

    [Fact]
    public async Task An_empty_split_folder_and_an_empty_class_folder_are_errors()
    {
        using var d = new DatasetFolder().Videos("train/cat/a.mp4");
        Directory.CreateDirectory(d["test/cat"]);
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Contains("has no videos", e.Message);
        using var e2 = new DatasetFolder().Videos("train/cat/a.mp4");
        Directory.CreateDirectory(e2["test"]);
        Assert.Contains("empty split 'test'", (await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(e2.Root))).Message);
    }

    [Fact]
    public async Task A_video_outside_a_class_folder_is_an_error()
    {
        using var d = new DatasetFolder().Videos("cat/a.mp4", "stray.mp4");
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Contains("not inside a class folder", e.Message);
    }
}
