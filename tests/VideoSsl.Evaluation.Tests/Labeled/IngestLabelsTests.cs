using VideoSsl.Evaluation.Labeled;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Sources;

namespace VideoSsl.Evaluation.Tests.Labeled;

public class IngestLabelsTests
{
    [Fact]
    public async Task Labels_are_keyed_by_the_paths_the_folder_source_lists()
    {
        using var d = new DatasetFolder()
            .Videos("train/air drumming/bbbbbbbbbbb_000000_000010.mp4", "val/air drumming/ccccccccccc_000001_000011.mp4", "unlabeled/x.mp4")
            .Text("k.csv", "label,youtube_id,time_start,time_end,split", "air drumming,bbbbbbbbbbb,0,10,train", "air drumming,ccccccccccc,1,11,val");
        var set = await LabeledSetReader.ReadAsync(d.Root);
        var options = new IngestOptions { Source = d.Root, Labels = set.ToIngestLabels() };

        var listed = new List<string>();
        await foreach (var item in new FolderVideoSource(d.Root).ListAsync())
        {
            listed.Add(item.Path);
        }

        Assert.Subset(listed.ToHashSet(), options.Labels.Keys.ToHashSet());
        Assert.Equal(("air drumming", "val"), options.Labels["val/air drumming/ccccccccccc_000001_000011.mp4"]);
        Assert.False(options.Labels.ContainsKey("unlabeled/x.mp4"));
    }
}
