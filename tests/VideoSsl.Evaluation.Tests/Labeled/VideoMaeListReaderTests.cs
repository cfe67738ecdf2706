using VideoSsl.Evaluation.Labeled;

namespace VideoSsl.Evaluation.Tests.Labeled;

public class VideoMaeListReaderTests
{
    private static DatasetFolder Valid() => new DatasetFolder()
        .Videos("videos/a 1.mp4", "videos/b.mp4", "videos/c.mp4", "videos/d.mp4")
        .Text("train.csv", "videos/a 1.mp4 0", "videos/b.mp4 1")
        .Text("val.csv", "videos/c.mp4 1")
        .Text("test.csv", "videos/d.mp4 0");

    [Fact]
    public async Task Integer_labels_without_a_class_file_become_index_names()
    {
        using var d = Valid();
        var set = await LabeledSetReader.ReadAsync(d.Root);
        Assert.Equal(LabeledLayout.VideoMae, set.Layout);
        Assert.Equal(["0", "1"], set.Classes);
        Assert.Equal(new LabeledVideo("videos/a 1.mp4", "0", Splits.Train), set.Videos[0]);
        Assert.Equal([Splits.Train, Splits.Val, Splits.Test], set.SplitNames);
    }

    [Fact]
    public async Task A_class_file_maps_indices_and_names()
    {
        using var d = Valid().Text("classes.txt", "archery", "bowling");
        File.WriteAllLines(d["val.csv"], ["videos/c.mp4 bowling"]);
        var set = await LabeledSetReader.ReadAsync(d.Root);
        Assert.Equal(["archery", "bowling"], set.Classes);
        Assert.Equal(["archery", "bowling", "bowling", "archery"], set.Videos.Select(v => v.Label));
    }

    [Theory]
    [InlineData("val.csv", "videos/c.mp4 7", 1, "unknown class '7'")]
    [InlineData("val.csv", "videos/c.mp4 curling", 1, "unknown class 'curling'")]
    [InlineData("val.csv", "videos/c.mp4 1\nvideos/zz.mp4 1", 2, "does not exist")]
    [InlineData("test.csv", "videos/d.mp4 0\nvideos/d.mp4 0", 2, "duplicate entry")]
    [InlineData("test.csv", "/abs/videos/d.mp4 0", 1, "absolute")]
    [InlineData("test.csv", "videos/d.mp4", 1, "expected '<path> <label>'")]
    [InlineData("val.csv", "", 0, "empty split 'val'")]
    public async Task Bad_lines_name_the_file_and_line(string file, string content, int line, string problem)
    {
        using var d = Valid().Text("classes.txt", "archery", "bowling");
        File.WriteAllText(d[file], content);
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Contains(problem, e.Message);
        Assert.Equal((d[file], line), (e.File, e.Line));
    }

    [Fact]
    public async Task An_index_gap_is_a_class_without_training_video()
    {
        using var d = Valid();
        File.WriteAllLines(d["train.csv"], ["videos/a 1.mp4 0", "videos/b.mp4 2"]);
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Contains("class '1' has no training video", e.Message);
    }

    [Fact]
    public async Task Layout_override_wins_over_detection()
    {
        using var d = Valid().Videos("videos/extra.mp4");
        var set = await LabeledSetReader.ReadAsync(d.Root, new LabeledSetOptions { Layout = LabeledLayout.FolderPerClass });
        Assert.Equal(["videos"], set.Classes);
        Assert.Equal(LabeledLayout.VideoMae, LayoutDetector.Detect(d.Root));
    }
}
