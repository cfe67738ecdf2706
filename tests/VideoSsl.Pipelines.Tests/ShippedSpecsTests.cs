using VideoSsl.Pipelines.Spec;
using VideoSsl.Testing;

namespace VideoSsl.Pipelines.Tests;

/// <summary>The specs in pipelines/ load and read as their comments say.</summary>
public class ShippedSpecsTests
{
    [Theory]
    [InlineData("demo.yaml")]
    [InlineData("nightly.yaml")]
    public void Shipped_specs_load(string file)
    {
        var spec = Specs.Shipped(file);

        Assert.NotEmpty(spec.Datasets);
        Assert.NotNull(spec.Pretrain);
        Assert.NotNull(spec.Evaluate);
    }

    [Fact]
    public void Demo_spec_reads_every_setting()
    {
        var spec = Specs.Shipped("demo.yaml");

        Assert.Equal("demo", spec.Run);
        Assert.Equal("data/store", spec.Store.Location);
        Assert.Equal(["unlabeled-actions", "actions"], spec.Datasets.Select(d => d.Name));
        var unlabeled = spec.Datasets.Single(d => d.Name == "unlabeled-actions");
        Assert.Equal(["synth", "actions", "--out", "data/videos/unlabeled-actions", "--videos-per-class", "100", "--seed", "3"], unlabeled.Synth!.Argv);
        Assert.Equal("data/videos/unlabeled-actions", unlabeled.Source);
        Assert.All(spec.Datasets, d => Assert.Equal(["--fps", "10", "--size", "64", "--color", "rgb", "--frames", "20"], d.Ingest.Argv.TakeLast(8)));
        Assert.Equal("ucf101", spec.Datasets.Single(d => d.Name == "actions").Labels);   // the actions generator's layout
        Assert.Equal(["unlabeled-actions"], spec.Pretrain!.Datasets);
        Assert.Equal(2000, spec.Pretrain.Steps);
        var actions = spec.Datasets.Single(d => d.Name == "actions").Synth!;
        Assert.Equal(["--videos-per-class", "40", "--test-fraction", "0.5", "--seed", "2"], actions.Argv.Skip(4));  // 20 test videos per class
        Assert.Equal(["--dataset", "actions", "--labels-per-class", "1,2,5,10,all", "--seeds", "0,1,2", "--views", "1", "--future-dataset", "actions"],
            spec.Evaluate!.Command.Argv.Skip(7));
        // The protocol is evaluate's own defaults: the demo sets none of its knobs.
        Assert.DoesNotContain(spec.Evaluate.Command.Argv, a => a.StartsWith("--finetune", StringComparison.Ordinal) || a.StartsWith("--probe-", StringComparison.Ordinal) || a.StartsWith("--scratch-", StringComparison.Ordinal));
        Assert.Equal(("actions", "actions"), (spec.Evaluate.Dataset, spec.Evaluate.FutureDataset));
    }

    [Fact]
    public void Nightly_spec_repeats_every_24_hours()
    {
        var spec = Specs.Shipped("nightly.yaml");

        Assert.Equal(TimeSpan.FromHours(24), spec.Schedule!.Every);
        Assert.True(spec.Incremental);
        Assert.True(spec.Pretrain!.Resume);
        Assert.All(spec.Datasets, d => Assert.True(d.IsBlobSource));
        Assert.Equal("blob:raw/unlabeled/", spec.Datasets.Single(d => d.Name == "raw").Source);
    }

    [Fact]
    public void Nightly_spec_registered_after_its_start_date_first_runs_at_the_next_02_00_not_at_once()
    {
        var spec = Specs.Shipped("nightly.yaml");
        var registered = new DateTimeOffset(2026, 3, 10, 15, 30, 0, TimeSpan.Zero);

        Assert.True(spec.Schedule!.Start < registered);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 2, 0, 0, TimeSpan.Zero), spec.Schedule.FirstRunAfter(registered));
        Assert.Equal(spec.Schedule.Start, spec.Schedule.FirstRunAfter(spec.Schedule.Start!.Value.AddHours(-1)));
    }
}
