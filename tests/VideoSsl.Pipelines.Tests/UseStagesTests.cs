using System.Text.Json;
using VideoSsl.Pipelines.Batch;
using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Tests;

/// <summary>The embed and classify stages: their verbs' settings, their outputs under the run, and their fan-out over the source's partitions on Batch.</summary>
public class UseStagesTests
{
    private const string Stages = """

        stages:
          pretrain: { steps: 100, resume: true }
          evaluate: { dataset: clips, labelsPerClass: [1, 5] }
          embed: { source: "blob:raw/new/", perVideo: true, batchSize: 8 }
          classify: { run: labeler, source: "blob:raw/new/", groupSize: 4 }
        """;

    private static string Spec(string stages = Stages) => Specs.Cloud.Replace(
        "\nstages:\n  pretrain: { steps: 100, resume: true }\n  evaluate: { dataset: clips, labelsPerClass: [1, 5] }", stages.TrimEnd(), StringComparison.Ordinal);

    [Fact]
    public void The_dry_run_has_one_embed_and_one_classify_task_per_partition_writing_under_the_run()
    {
        var spec = Specs.Parse(Spec());
        var translation = BatchTranslator.Translate(spec, Specs.Target, "cloudy-run1");

        using var dryRun = JsonDocument.Parse(DryRunJson.ForSubmit(spec, translation, Specs.Target));
        var tasks = dryRun.RootElement.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        for (var i = 0; i < 4; i++)
        {
            var embed = tasks[$"embed-{i}"];
            Assert.Equal(["embed", "--run", "cloudy", "--out", "store:runs/cloudy/embeddings.parquet", "--source", "blob:raw/new/", "--per-video", "true", "--batch-size", "8", "--partition", $"{i}/4"],
                TaskCommandLine.ParseArgv(embed.GetProperty("commandLine").GetString()!));
            Assert.Equal(["pretrain"], embed.GetProperty("dependsOn").GetProperty("taskIds").EnumerateArray().Select(t => t.GetString()));

            var classify = tasks[$"classify-{i}"];
            Assert.Equal(["classify", "--out", "store:runs/cloudy/classifications.json", "--run", "labeler", "--source", "blob:raw/new/", "--group-size", "4", "--partition", $"{i}/4"],
                TaskCommandLine.ParseArgv(classify.GetProperty("commandLine").GetString()!));
            Assert.False(classify.TryGetProperty("dependsOn", out var none) && none.ValueKind != JsonValueKind.Null && none.GetProperty("taskIds").GetArrayLength() > 0);
        }
        Assert.DoesNotContain(tasks.Keys, id => id is "embed" or "classify" or "embed-4");
    }

    [Fact]
    public void Locally_embed_runs_after_pretraining_once_and_is_done_when_its_file_is_in_the_store()
    {
        var graph = StageGraph.Build(Specs.Parse(Spec()));

        var embed = graph["embed"];
        Assert.Equal(["pretrain"], embed.DependsOn);
        Assert.Equal(["runs/cloudy/embeddings.parquet"], embed.DoneMarkers.Select(m => m.Describe()));
        Assert.Equal(embed.Argv, embed.ArgvForPartition(0, 1));
        Assert.Equal(["runs/cloudy/classifications.json"], graph["classify"].DoneMarkers.Select(m => m.Describe()));
        Assert.Empty(graph["classify"].DependsOn);
    }

    [Theory]
    [InlineData("embed: { source: \"blob:raw/new/\", out: x.parquet }", "stages.embed.out: is the pipeline's to set")]
    [InlineData("embed: { source: \"blob:raw/new/\", batchSize: 0 }", "stages.embed.batchSize: 0 must be at least 1")]
    [InlineData("classify: { run: labeler, sauce: \"blob:raw/new/\" }", "stages.classify.sauce: unknown key")]
    [InlineData("classify: { run: labeler }", "source: give a video file, a folder, or blob:<container>/<prefix>")]
    public void A_bad_setting_is_refused_at_its_key_with_the_verbs_reason(string stage, string expected)
    {
        var error = Assert.Throws<PipelineSpecException>(() => Specs.Parse(Spec($"\nstages:\n  pretrain: {{ steps: 100 }}\n  {stage}\n")));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedding_a_dataset_of_the_spec_waits_for_its_ingest_and_a_source_beside_it_is_refused()
    {
        var graph = StageGraph.Build(Specs.Parse(Spec("\nstages:\n  pretrain: { steps: 100 }\n  embed: { dataset: clips }\n")));
        Assert.Equal(["pretrain", "ingest-clips"], graph["embed"].DependsOn);
        Assert.Contains("--dataset", graph["embed"].Argv);

        var error = Assert.Throws<PipelineSpecException>(() => Specs.Parse(Spec("\nstages:\n  pretrain: { steps: 100 }\n  embed: { source: \"blob:raw/new/\", dataset: clips }\n")));
        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_source_is_refused_for_batch_naming_the_stage()
    {
        var spec = Specs.Parse(Spec("\nstages:\n  pretrain: { steps: 100 }\n  embed: { source: /videos/new }\n"));

        var error = Assert.Throws<PipelineSpecException>(() => BatchTranslator.Translate(spec, Specs.Target, "cloudy-run1"));

        Assert.Contains("stages.embed.source: /videos/new is a local folder, which Batch nodes cannot read", error.Message, StringComparison.Ordinal);
    }
}
