using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Tests;

/// <summary>The specs in pipelines/ load and read as their comments say.</summary>
public class ShippedSpecsTests
{
    [Theory]
    [InlineData("demo.yaml")]
    [InlineData("nightly.yaml")]
    [InlineData("moving-mnist.yaml")]
    [InlineData("moving-mnist-gpu.yaml")]
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
    public void Moving_mnist_specs_share_the_test_set_and_the_gpu_one_follows_openstls_200_epochs()
    {
        var cpu = Specs.Shipped("moving-mnist.yaml");
        var gpu = Specs.Shipped("moving-mnist-gpu.yaml");

        var testSet = Assert.Single(cpu.Datasets);
        Assert.True(testSet.IsWrittenToStore);
        Assert.Null(testSet.Synth);
        Assert.Equal(["synth", "moving-mnist", "--dataset", "mmnist-test", "--count", "10000", "--seed", "42", "--digits", "mnist"], testSet.Ingest.Argv);
        Assert.Equal(testSet.Ingest.Argv, Assert.Single(gpu.Datasets).Ingest.Argv);
        foreach (var spec in new[] { cpu, gpu })
        {
            var pretrain = spec.Pretrain!.Command.Argv;
            Assert.Empty(spec.Pretrain.Datasets);
            Assert.DoesNotContain("--dataset", pretrain);
            Assert.Equal(["moving-mnist", "mnist", "4", "16", "1"], new[] { "--generate", "--digits", "--patch-size", "--batch-size", "--future-ratio" }.Select(f => pretrain[pretrain.ToList().IndexOf(f) + 1]));
            Assert.Null(spec.Evaluate!.Dataset);
            Assert.Equal("mmnist-test", spec.Evaluate.FutureDataset);
            Assert.Equal(["--future-dataset", "mmnist-test", "--future-clips", "10000", "--benchmark", "moving-mnist"], spec.Evaluate.Command.Argv.TakeLast(6));
        }
        Assert.DoesNotContain("--device", cpu.Pretrain!.Command.Argv);
        Assert.Equal("cuda", gpu.Pretrain!.Command.Argv[gpu.Pretrain.Command.Argv.ToList().IndexOf("--device") + 1]);
        Assert.Equal(200 * 10_000 / 16, gpu.Pretrain.Steps); // OpenSTL: 200 epochs of 10 000 sequences at batch 16
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
