using VideoSsl.Pipelines.Graph;

namespace VideoSsl.Pipelines.Tests;

public class StageGraphTests
{
    [Fact]
    public void Stages_come_in_dependency_order_with_their_argv_pool_and_markers()
    {
        var graph = StageGraph.Build(Specs.Parse(Specs.Local));

        Assert.Equal(["synth-digits", "synth-actions", "ingest-digits", "ingest-actions", "pretrain", "evaluate"], graph.Stages.Select(s => s.Id));
        Assert.Equal(["synth", "moving-digits", "--out", "data/videos/digits", "--count", "10", "--seed", "1"], graph["synth-digits"].Argv);
        // stages.ingest's settings, then the dataset's own, each with the ingest verb's flag.
        Assert.Equal(["ingest", "--source", "data/videos/digits", "--dataset", "digits", "--fps", "10", "--size", "32", "--frames", "8", "--color", "gray"],
            graph["ingest-digits"].Argv);
        // A labeled dataset is ingested with its labels; an unlabeled one without.
        Assert.Equal(["--labels", "ucf101"], graph["ingest-actions"].Argv.Skip(5).Take(2));
        Assert.DoesNotContain("--labels", graph["ingest-digits"].Argv);
        Assert.Equal(["synth-digits"], graph["ingest-digits"].DependsOn);
        Assert.Equal(["ingest-digits", "ingest-actions"], graph["pretrain"].DependsOn);
        Assert.Equal(["pretrain", "ingest-actions"], graph["evaluate"].DependsOn);
        Assert.Equal(PoolKind.Gpu, graph["pretrain"].Pool);
        Assert.All(graph.Stages.Where(s => s.Id != "pretrain"), s => Assert.Equal(PoolKind.Cpu, s.Pool));
        Assert.Equal("datasets/digits/current.json + manifest", graph["ingest-digits"].DoneMarkers.Single().Describe());
        Assert.Equal("runs/tiny/checkpoints/latest.json at step >= 20", graph["pretrain"].DoneMarkers.Single().Describe());
        Assert.Equal("runs/tiny/report.json", graph.ReportPath);
    }

    [Fact]
    public void Pretrain_argv_names_every_dataset_and_the_run()
    {
        var graph = StageGraph.Build(Specs.Parse(Specs.Local));

        Assert.Equal(["pretrain", "--dataset", "digits", "--dataset", "actions", "--run", "tiny", "--steps", "20"], graph["pretrain"].Argv);
        Assert.Equal(["evaluate", "--run", "tiny", "--labeled", "data/videos/actions", "--layout", "ucf101", "--dataset", "actions", "--labels-per-class", "2"],
            graph["evaluate"].Argv);
    }

    [Fact]
    public void Only_ingest_fans_out_into_partitions()
    {
        var graph = StageGraph.Build(Specs.Parse(Specs.Local));

        Assert.Equal(["--partition", "2/4"], graph["ingest-digits"].ArgvForPartition(2, 4).TakeLast(2));
        Assert.Same(graph["ingest-digits"].Argv, graph["ingest-digits"].ArgvForPartition(0, 1));
        Assert.Same(graph["pretrain"].Argv, graph["pretrain"].ArgvForPartition(0, 4));
    }

    [Fact]
    public void Building_twice_gives_the_same_graph()
    {
        var spec = Specs.Parse(Specs.Local);

        Assert.Equal(StageGraph.Build(spec).Describe(), StageGraph.Build(spec).Describe());
    }

    [Fact]
    public void Evaluate_passes_its_settings_and_waits_for_the_future_dataset_ingest()
    {
        var yaml = Specs.Local
            .Replace("  actions:\n", "  held-out:\n    synth: { generator: moving-digits, count: 4, seed: 9 }\n  actions:\n", StringComparison.Ordinal)
            .Replace("evaluate: { dataset: actions, labelsPerClass: [2] }",
                "evaluate: { dataset: actions, labelsPerClass: [2], views: 1, finetuneBatch: 4, futureDataset: held-out, futureClips: 3 }", StringComparison.Ordinal);
        var graph = StageGraph.Build(Specs.Parse(yaml));

        Assert.Equal(["ingest-digits", "ingest-actions"], graph["pretrain"].DependsOn);
        Assert.Equal(["pretrain", "ingest-actions", "ingest-held-out"], graph["evaluate"].DependsOn);
        Assert.True(graph.Stages.ToList().FindIndex(s => s.Id == "ingest-held-out") < graph.Stages.ToList().FindIndex(s => s.Id == "evaluate"));
        Assert.Equal(["evaluate", "--run", "tiny", "--labeled", "data/videos/actions", "--layout", "ucf101", "--dataset", "actions", "--labels-per-class", "2",
            "--views", "1", "--finetune-batch", "4", "--future-dataset", "held-out", "--future-clips", "3"], graph["evaluate"].Argv);
    }

    [Fact]
    public void Demo_pretrains_on_the_unlabeled_set_and_scores_future_frames_on_the_labeled_one()
    {
        var graph = StageGraph.Build(Specs.Shipped("demo.yaml"));

        Assert.Equal(["ingest-unlabeled-actions"], graph["pretrain"].DependsOn);
        Assert.Equal(["pretrain", "--dataset", "unlabeled-actions", "--run", "demo", "--arch", "conv", "--preset", "tiny", "--steps", "2000", "--batch-size", "8", "--future-ratio", "1"],
            graph["pretrain"].Argv);
        Assert.Equal(["pretrain", "ingest-actions"], graph["evaluate"].DependsOn);
        Assert.Equal(["--views", "1", "--future-dataset", "actions"], graph["evaluate"].Argv.TakeLast(4));
        Assert.All(graph.Stages.Where(s => s.Kind == StageKind.Ingest), s => Assert.Equal(["--fps", "10", "--size", "64", "--color", "rgb", "--frames", "20"], s.Argv.TakeLast(8)));
    }
}
