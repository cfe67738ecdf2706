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
        Assert.Equal(["ingest", "--source", "data/videos/digits", "--dataset", "digits", "--fps", "10", "--size", "32", "--color", "gray", "--frames", "8"],
            graph["ingest-digits"].Argv);
        Assert.DoesNotContain("--labels", graph["ingest-actions"].Argv);
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

        Assert.Equal(["pretrain", "--dataset", "digits", "--dataset", "actions", "--run", "tiny", "--preset", "tiny", "--steps", "20"], graph["pretrain"].Argv);
        Assert.Equal(["evaluate", "--run", "tiny", "--dataset", "actions", "--labeled", "data/videos/actions", "--layout", "ucf101", "--labels-per-class", "2", "--seeds", "0"],
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
}
