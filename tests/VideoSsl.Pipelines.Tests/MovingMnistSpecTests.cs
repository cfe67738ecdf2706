using VideoSsl.Pipelines.Batch;
using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Tests;

/// <summary>The Moving MNIST protocol as a spec: a test set written straight into the store, pretraining on generated sequences, future frames only.</summary>
public class MovingMnistSpecTests
{
    private const string Yaml = """
        name: mm
        datasets:
          mm-test:
            synth: { generator: moving-mnist, count: 10000, seed: 42, digits: mnist }
        stages:
          pretrain: { generate: moving-mnist, digits: mnist, steps: 3000, batchSize: 16, futureRatio: 1 }
          evaluate: { futureDataset: mm-test, futureClips: 10000, benchmark: moving-mnist }
        """;

    [Fact]
    public void The_test_set_is_written_straight_into_the_store_and_pretraining_waits_for_nothing()
    {
        var graph = StageGraph.Build(Specs.Parse(Yaml));

        Assert.Equal(["ingest-mm-test", "pretrain", "evaluate"], graph.Stages.Select(s => s.Id));
        var testSet = graph["ingest-mm-test"];
        Assert.Equal("synth moving-mnist --dataset mm-test --count 10000 --seed 42 --digits mnist", string.Join(' ', testSet.Argv));
        Assert.False(testSet.Partitionable);
        Assert.Equal(testSet.Argv, testSet.ArgvForPartition(1, 4));
        Assert.Equal([new DatasetMarker("mm-test")], testSet.DoneMarkers);

        var pretrain = graph["pretrain"];
        Assert.Empty(pretrain.DependsOn);
        Assert.Equal("pretrain --run mm --generate moving-mnist --digits mnist --steps 3000 --batch-size 16 --future-ratio 1", string.Join(' ', pretrain.Argv));

        var evaluate = graph["evaluate"];
        Assert.Equal(["pretrain", "ingest-mm-test"], evaluate.DependsOn);
        Assert.Equal("evaluate --run mm --future-dataset mm-test --future-clips 10000 --benchmark moving-mnist", string.Join(' ', evaluate.Argv));
    }

    [Fact]
    public void Ingest_settings_of_the_spec_reach_the_video_datasets_but_not_the_test_set()
    {
        var spec = Specs.Parse(Yaml.Replace("stages:", """
              digits:
                synth: { generator: moving-digits, count: 4 }
            stages:
              ingest: { size: 32 }
            """, StringComparison.Ordinal));

        Assert.Equal(["synth-digits", "ingest-mm-test", "ingest-digits", "pretrain", "evaluate"], StageGraph.Build(spec).Stages.Select(s => s.Id));
        Assert.Equal(["--size", "32"], spec.Datasets.Single(d => d.Name == "digits").Ingest.Argv.TakeLast(2));
        Assert.DoesNotContain("--size", spec.Datasets.Single(d => d.Name == "mm-test").Ingest.Argv);
    }

    [Fact]
    public void Idx_digits_and_a_device_reach_the_verbs()
    {
        var spec = Specs.Parse(Yaml.Replace("digits: mnist }", "digits: idx, idx: /data/train-images.idx }", StringComparison.Ordinal)
            .Replace("generate: moving-mnist, digits: mnist,", "generate: moving-mnist, digits: glyphs, device: cuda,", StringComparison.Ordinal));
        var graph = StageGraph.Build(spec);

        Assert.EndsWith("--digits idx --idx /data/train-images.idx", string.Join(' ', graph["ingest-mm-test"].Argv), StringComparison.Ordinal);
        Assert.StartsWith("pretrain --run mm --generate moving-mnist --digits glyphs --device cuda", string.Join(' ', graph["pretrain"].Argv), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("synth: { generator: moving-mnist, count: 10000, seed: 42, digits: mnist }", "synth: { generator: moving-mnist, frames: 10 }", "datasets.mm-test.synth.frames", "applies to `synth moving-digits`")]
    [InlineData("synth: { generator: moving-mnist, count: 10000, seed: 42, digits: mnist }", "synth: { generator: moving-mnist }\n    ingest: { color: rgb }", "datasets.mm-test.ingest", "straight into the store")]
    [InlineData("synth: { generator: moving-mnist, count: 10000, seed: 42, digits: mnist }", "synth: { generator: moving-mnist, out: data/videos/mm }", "datasets.mm-test.synth.out", "straight into the store")]
    [InlineData("synth: { generator: moving-mnist, count: 10000, seed: 42, digits: mnist }", "synth: { generator: moving-mnist, count: 0 }", "datasets.mm-test.synth.count", "must be at least 1")]
    [InlineData("synth: { generator: moving-mnist, count: 10000, seed: 42, digits: mnist }", "synth: { generator: moving-mnist, digits: idx }", "datasets.mm-test.synth.digits", "needs the image file")]
    [InlineData("synth: { generator: moving-mnist, count: 10000, seed: 42, digits: mnist }", "synth: { generator: moving-digits, digits: mnist }", "datasets.mm-test.synth.digits", "applies to `synth moving-mnist`")]
    [InlineData("generate: moving-mnist, digits: mnist,", "generate: moving-mnist, datasets: [mm-test],", "stages.pretrain.datasets", "not both")]
    [InlineData("generate: moving-mnist, digits: mnist,", "generate: kitti,", "stages.pretrain.generate", "'kitti' is not moving-mnist")]
    [InlineData("generate: moving-mnist, digits: mnist,", "digits: glyphs,", "stages.pretrain.digits", "apply only with --generate")]
    [InlineData("generate: moving-mnist, digits: mnist,", "generate: moving-mnist, device: tpu,", "stages.pretrain.device", "'tpu' is not auto, cpu, cuda or cuda:N")]
    [InlineData("evaluate: { futureDataset: mm-test, futureClips: 10000, benchmark: moving-mnist }", "evaluate: { benchmark: moving-mnist }", "stages.evaluate.benchmark", "give --future-dataset")]
    [InlineData("evaluate: { futureDataset: mm-test, futureClips: 10000, benchmark: moving-mnist }", "evaluate: { futureDataset: mm-test, benchmark: kitti }", "stages.evaluate.benchmark", "'kitti' is not moving-mnist")]
    [InlineData("evaluate: { futureDataset: mm-test, futureClips: 10000, benchmark: moving-mnist }", "evaluate: { views: 1 }", "stages.evaluate.dataset", "give futureDataset: alone")]
    public void Settings_that_do_not_fit_the_protocol_are_named(string replaced, string by, string key, string message)
    {
        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(Yaml.Replace(replaced, by, StringComparison.Ordinal)));

        Assert.Contains(e.Problems, p => p.Key == key && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Batch_refuses_a_test_set_drawn_from_local_digit_files()
    {
        var spec = Specs.Parse(Yaml);

        var e = Assert.Throws<PipelineSpecException>(() => BatchTranslator.Translate(spec, Specs.Target, "mm-1"));

        Assert.Contains(e.Problems, p => p.Key == "datasets.mm-test" && p.Message.Contains("run this spec locally", StringComparison.Ordinal));
    }
}
