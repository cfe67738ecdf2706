using VideoSsl.Evaluation.Labeled;

namespace VideoSsl.Evaluation.Tests.Labeled;

public class Ucf101ReaderTests
{
    private static DatasetFolder Valid() => new DatasetFolder()
        .Videos("UCF-101/ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi", "UCF-101/ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi",
            "UCF-101/Archery/v_Archery_g08_c01.avi", "UCF-101/Archery/v_Archery_g01_c01.avi")
        .Text("ucfTrainTestlist/classInd.txt", "1 ApplyEyeMakeup", "2 Archery")
        .Text("ucfTrainTestlist/trainlist01.txt", "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1", "Archery/v_Archery_g08_c01.avi 2")
        .Text("ucfTrainTestlist/testlist01.txt", "ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi", "", "Archery/v_Archery_g01_c01.avi")
        .Text("ucfTrainTestlist/trainlist02.txt", "Archery/v_Archery_g01_c01.avi 2", "ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi 1")
        .Text("ucfTrainTestlist/testlist02.txt", "Archery/v_Archery_g08_c01.avi");

    [Fact]
    public async Task Reads_classes_lists_and_resolves_videos_under_UCF_101()
    {
        using var d = Valid();
        var set = await LabeledSetReader.ReadAsync(d.Root);
        Assert.Equal(LabeledLayout.Ucf101, set.Layout);
        Assert.Equal(["ApplyEyeMakeup", "Archery"], set.Classes);
        Assert.Equal(2, set.InSplit(Splits.Train).Count);
        Assert.Equal(2, set.InSplit(Splits.Test).Count);
        Assert.Contains(set.Videos, v => v.Path == "UCF-101/Archery/v_Archery_g08_c01.avi" && v.Label == "Archery" && v.Split == Splits.Train);
    }

    [Fact]
    public async Task Split_number_picks_the_lists()
    {
        using var d = Valid();
        var set = await LabeledSetReader.ReadAsync(d.Root, new LabeledSetOptions { SplitNumber = 2 });
        Assert.Equal("UCF-101/Archery/v_Archery_g08_c01.avi", set.InSplit(Splits.Test).Single().Path);
    }

    [Theory]
    [InlineData("trainlist01.txt", "Archery/v_Archery_g08_c01.avi 2\nArchery/v_Missing.avi 2", 2, "does not exist")]
    [InlineData("trainlist01.txt", "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1\nArchery/v_Archery_g08_c01.avi 2\nArchery/v_x.avi 3", 3, "unknown class index '3'")]
    [InlineData("testlist01.txt", "Bowling/v_x.avi", 1, "unknown class 'Bowling'")]
    [InlineData("testlist01.txt", "Archery/v_Archery_g01_c01.avi\nArchery/v_Archery_g01_c01.avi", 2, "duplicate entry")]
    [InlineData("testlist01.txt", "Archery/v_Archery_g08_c01.avi", 1, "duplicate entry")]
    [InlineData("trainlist01.txt", "Archery/v_Archery_g08_c01.avi 1", 1, "class index 1 is 'ApplyEyeMakeup'")]
    [InlineData("trainlist01.txt", "../Archery/v_Archery_g08_c01.avi 2", 1, "unsafe")]
    [InlineData("trainlist01.txt", "/data/Archery/v_Archery_g08_c01.avi 2", 1, "absolute")]
    [InlineData("trainlist01.txt", "Archery/v_Archery\u0001.avi 2", 1, "unsafe")]
    [InlineData("testlist01.txt", "", 0, "empty split 'test'")]
    [InlineData("classInd.txt", "1 ApplyEyeMakeup\n3 Archery", 2, "out of sequence")]
    public async Task Bad_annotations_name_the_file_and_line(string file, string content, int line, string problem)
    {
        using var d = Valid();
        File.WriteAllText(d["ucfTrainTestlist/" + file], content);
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Contains(problem, e.Message);
        Assert.Equal(d["ucfTrainTestlist/" + file], e.File);
        Assert.Equal(line, e.Line);
        Assert.StartsWith(line > 0 ? $"{e.File}:{line}: " : $"{e.File}: ", e.Message);
    }

    [Fact]
    public async Task A_class_without_training_video_names_its_classInd_line()
    {
        using var d = Valid();
        File.WriteAllText(d["ucfTrainTestlist/trainlist01.txt"], "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1");
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Equal((d["ucfTrainTestlist/classInd.txt"], 2), (e.File, e.Line));
        Assert.Contains("class 'Archery' has no training video", e.Message);
    }

    [Fact]
    public async Task A_missing_list_file_is_named()
    {
        using var d = Valid();
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root, new LabeledSetOptions { SplitNumber = 3 }));
        Assert.EndsWith("trainlist03.txt", e.File);
    }
}
