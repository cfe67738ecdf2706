using VideoSsl.Evaluation.Labeled;

namespace VideoSsl.Evaluation.Tests.Labeled;

public class KineticsCsvReaderTests
{
    private const string Header = "label,youtube_id,time_start,time_end,split,is_cc";

    private static DatasetFolder Valid() => new DatasetFolder()
        .Videos("train/abseiling/aaaaaaaaaaa_000014_000024.mp4", "train/air drumming/bbbbbbbbbbb_000000_000010.mp4",
            "air drumming/ccccccccccc_000003_000013.mp4", "val/abseiling/ddddddddddd_000005_000015.mp4", "eeeeeeeeeee.mp4")
        .Text("train.csv", Header, "abseiling,aaaaaaaaaaa,14,24,train,0", "\"air drumming\",bbbbbbbbbbb,0,10,train,0", "air drumming,ccccccccccc,3,13,train,0")
        .Text("validate.csv", Header, "abseiling,ddddddddddd,5,15,val,0", "air drumming,eeeeeeeeeee,1,11,val,0");

    [Fact]
    public async Task Resolves_each_row_to_its_local_file()
    {
        using var d = Valid();
        var set = await LabeledSetReader.ReadAsync(d.Root);
        Assert.Equal(LabeledLayout.Kinetics, set.Layout);
        Assert.Equal(["abseiling", "air drumming"], set.Classes);
        Assert.Equal(
            ["train/abseiling/aaaaaaaaaaa_000014_000024.mp4", "train/air drumming/bbbbbbbbbbb_000000_000010.mp4",
             "air drumming/ccccccccccc_000003_000013.mp4", "val/abseiling/ddddddddddd_000005_000015.mp4", "eeeeeeeeeee.mp4"],
            set.Videos.Select(v => v.Path));
        Assert.Equal(3, set.InSplit(Splits.Train).Count);
        Assert.Equal(2, set.InSplit(Splits.Val).Count);
    }

    [Theory]
    [InlineData("abseiling,zzzzzzzzzzz,1,11,val,0", "does not exist")]
    [InlineData("abseiling,ddddddddddd,5,15,val,0", "duplicate entry")]
    [InlineData("abseiling,ddddddddddd,5.5,15,val,0", "time_start '5.5'")]
    [InlineData("abseiling,ddddddddddd,5,15,holdout,0", "unknown split 'holdout'")]
    [InlineData("abseiling,../../etc/passwd,5,15,val,0", "unsafe")]
    [InlineData("abseiling,ddddddddddd", "expected 6 fields")]
    public async Task Bad_rows_name_the_file_and_line(string row, string problem)
    {
        using var d = Valid();
        File.WriteAllLines(d["validate.csv"], [Header, "abseiling,ddddddddddd,5,15,val,0", row]);
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Contains(problem, e.Message);
        Assert.Equal((d["validate.csv"], 3), (e.File, e.Line));
    }

    [Fact]
    public async Task Header_only_csv_is_an_empty_split_and_a_class_only_in_val_has_no_training_video()
    {
        using var d = Valid();
        File.WriteAllLines(d["validate.csv"], [Header]);
        Assert.Contains("empty split", (await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root))).Message);
        File.WriteAllLines(d["validate.csv"], [Header, "abseiling,ddddddddddd,5,15,val,0", "archery,eeeeeeeeeee,1,11,val,0"]);
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Equal((d["validate.csv"], 3), (e.File, e.Line));
        Assert.Contains("class 'archery' has no training video", e.Message);
    }

    [Fact]
    public async Task Missing_columns_are_named()
    {
        using var d = Valid();
        File.WriteAllLines(d["validate.csv"], ["label,youtube_id,time_start,split", "abseiling,ddddddddddd,5,val"]);
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Contains("time_end", e.Message);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public async Task Quoted_fields_may_hold_commas_quotes_and_line_breaks_and_later_rows_keep_their_line_numbers()
    {
        using var d = Valid();
        string[] rows =
        [
            Header + ",note",
            "abseiling,ddddddddddd,5,15,val,0,\"rope, harness and \"\"helmet\"\"",
            "second line of the note\"",
            "\"air drumming\",eeeeeeeeeee,1,11,val,0,\"\"",
        ];
        File.WriteAllLines(d["validate.csv"], rows);
        var set = await LabeledSetReader.ReadAsync(d.Root);
        Assert.Equal(["ddddddddddd", "eeeeeeeeeee"], set.InSplit(Splits.Val).Select(v => Path.GetFileNameWithoutExtension(v.Path)[..11]));

        File.WriteAllLines(d["validate.csv"], [.. rows, "abseiling,zzzzzzzzzzz,1,11,val,0,x"]);
        var e = await Assert.ThrowsAsync<AnnotationException>(() => LabeledSetReader.ReadAsync(d.Root));
        Assert.Equal((d["validate.csv"], 5), (e.File, e.Line));
        Assert.Contains("'val/abseiling/zzzzzzzzzzz_000001_000011.mp4' does not exist", e.Message);
    }
}
