using VideoSsl.Pipelines.Spec;
using VideoSsl.Testing;

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
        var spec = SpecLoader.LoadFile(Path.Combine(RepoPaths.Root, "pipelines", file));

        Assert.NotEmpty(spec.Datasets);
        Assert.NotNull(spec.Pretrain);
        Assert.NotNull(spec.Evaluate);
    }

    [Fact]
    public void Demo_spec_reads_every_setting()
    {
        var spec = SpecLoader.LoadFile(Path.Combine(RepoPaths.Root, "pipelines", "demo.yaml"));

        Assert.Equal("demo", spec.Run);
        Assert.Equal("data/store", spec.Store.Location);
        Assert.Equal(["unlabeled-actions", "actions"], spec.Datasets.Select(d => d.Name));
        var unlabeled = spec.Datasets.Single(d => d.Name == "unlabeled-actions");
        Assert.Equal(SynthGenerator.Actions, unlabeled.Synth!.Generator);
        Assert.Equal("data/videos/unlabeled-actions", unlabeled.Source);
        Assert.All(spec.Datasets, d => Assert.Equal(new IngestSettings { Fps = 10, Size = 64, Color = "rgb", Frames = 20 }, d.Ingest.Over(spec.Ingest)));
        Assert.Equal("ucf101", spec.Datasets.Single(d => d.Name == "actions").Labels);
        Assert.Equal(100, unlabeled.Synth.VideosPerClass);
        Assert.Equal(["unlabeled-actions"], spec.Pretrain!.Datasets);
        Assert.Equal(VideoSsl.Models.VideoArch.Conv, spec.Pretrain.Arch);
        Assert.Equal(1.0, spec.Pretrain.FutureRatio);                              // masked: 0, future: 1
        var actions = spec.Datasets.Single(d => d.Name == "actions").Synth!;
        Assert.Equal((40, 0.5), (actions.VideosPerClass, actions.TestFraction));  // 20 test videos per class
        Assert.Equal([1, 2, 5, 10, Evaluation.Protocols.EvaluateOptions.AllLabels], spec.Evaluate!.LabelsPerClass);
        Assert.Equal([0, 1, 2], spec.Evaluate.Seeds);
        // The protocol is evaluate's own defaults: the demo sets none of its knobs.
        Assert.Equal((null, null, null, null), (spec.Evaluate.FinetuneEpochs, spec.Evaluate.FinetuneSteps, spec.Evaluate.ProbeEpochs, spec.Evaluate.FinetuneBatch));
        Assert.Equal("actions", spec.Evaluate.Dataset);
        Assert.Equal("actions", spec.Evaluate.FutureDataset);
        Assert.Equal(1, spec.Evaluate.Views);
    }

    [Fact]
    public void Moving_mnist_specs_share_the_test_set_and_the_gpu_one_follows_openstls_200_epochs()
    {
        var cpu = SpecLoader.LoadFile(Path.Combine(RepoPaths.Root, "pipelines", "moving-mnist.yaml"));
        var gpu = SpecLoader.LoadFile(Path.Combine(RepoPaths.Root, "pipelines", "moving-mnist-gpu.yaml"));

        var testSet = Assert.Single(cpu.Datasets);
        Assert.Equal(testSet with { }, Assert.Single(gpu.Datasets));
        Assert.Equal((SynthGenerator.MovingMnist, 10_000, 42, "mnist"), (testSet.Synth!.Generator, testSet.Synth.Count, testSet.Synth.Seed, testSet.Synth.Digits));
        foreach (var spec in new[] { cpu, gpu })
        {
            Assert.Equal(("moving-mnist", "mnist", 1.0, 16), (spec.Pretrain!.Generate, spec.Pretrain.Digits, spec.Pretrain.FutureRatio, spec.Pretrain.Batch));
            Assert.Empty(spec.Pretrain.Datasets);
            Assert.Equal(("mmnist-test", 10_000, "moving-mnist", null), (spec.Evaluate!.FutureDataset, spec.Evaluate.FutureClips, spec.Evaluate.Benchmark, spec.Evaluate.Dataset));
        }
        Assert.Null(cpu.Pretrain!.Device);
        Assert.Equal("cuda", gpu.Pretrain!.Device);
        Assert.Equal(200 * 10_000 / 16, gpu.Pretrain.Steps); // OpenSTL: 200 epochs of 10 000 sequences at batch 16
    }

    [Fact]
    public void Nightly_spec_repeats_every_24_hours()
    {
        var spec = SpecLoader.LoadFile(Path.Combine(RepoPaths.Root, "pipelines", "nightly.yaml"));

        Assert.Equal(TimeSpan.FromHours(24), spec.Schedule!.Every);
        Assert.True(spec.Incremental);
        Assert.True(spec.Pretrain!.Resume);
        Assert.All(spec.Datasets, d => Assert.True(d.IsBlobSource));
        Assert.Equal("blob:raw/unlabeled/", spec.Datasets.Single(d => d.Name == "raw").Source);
    }

    [Fact]
    public void Nightly_spec_registered_after_its_start_date_first_runs_at_the_next_02_00_not_at_once()
    {
        var spec = SpecLoader.LoadFile(Path.Combine(RepoPaths.Root, "pipelines", "nightly.yaml"));
        var registered = new DateTimeOffset(2026, 3, 10, 15, 30, 0, TimeSpan.Zero);

        Assert.True(spec.Schedule!.Start < registered);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 2, 0, 0, TimeSpan.Zero), spec.Schedule.FirstRunAfter(registered));
        Assert.Equal(spec.Schedule.Start, spec.Schedule.FirstRunAfter(spec.Schedule.Start!.Value.AddHours(-1)));
    }
}
