using VideoSsl.Pipelines.Spec;
using VideoSsl.Testing;

namespace VideoSsl.Pipelines.Tests;

public class SpecLoaderTests
{
    [Theory]
    [InlineData("blob:raw/", "blob:raw/labeled/actions")]
    [InlineData("blob:raw", "blob:raw/labeled")]
    [InlineData("videos", "videos/labeled")]
    public void A_source_that_covers_the_evaluation_sets_source_is_an_error(string unlabeled, string labeled)
    {
        var yaml = $$"""
            name: x
            datasets:
              raw: { source: "{{unlabeled}}" }
              actions: { source: "{{labeled}}", labels: ucf101 }
            stages:
              pretrain: { datasets: [raw] }
              evaluate: { dataset: actions, labelsPerClass: [1] }
            """;

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml));

        var problem = Assert.Single(e.Problems);
        Assert.Equal("datasets.raw.source", problem.Key);
        Assert.Contains("actions", problem.Message, StringComparison.Ordinal);
        Assert.Contains("pretrained on", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sibling_prefixes_do_not_overlap()
    {
        var spec = Specs.Parse("""
            name: x
            datasets:
              digits: { source: "blob:raw/digits" }
              digits-test: { source: "blob:raw/digits-test" }
            """);

        Assert.Equal(2, spec.Datasets.Count);
    }

    [Fact]
    public void Pretrain_arch_selects_the_model_family_and_an_unknown_one_is_named_with_the_verbs_reason()
    {
        var vit = Specs.Parse(Specs.Local.Replace("pretrain: { datasets: [digits, actions],", "pretrain: { arch: vit, datasets: [digits, actions],", StringComparison.Ordinal));
        Assert.Equal(["--arch", "vit"], vit.Pretrain!.Command.Argv.Skip(7).Take(2));
        Assert.DoesNotContain("--arch", Specs.Parse(Specs.Local).Pretrain!.Command.Argv); // the verb's default (conv)

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(Specs.Local.Replace("pretrain: { datasets: [digits, actions],", "pretrain: { arch: resnet, datasets: [digits, actions],", StringComparison.Ordinal)));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("stages.pretrain.arch", problem.Key);
        Assert.Equal("'resnet' is not one of vit, conv.", problem.Message);
    }

    [Fact]
    public void Run_limits_are_iso_durations_with_defaults()
    {
        var spec = Specs.Parse(Specs.Cloud.Replace("partitions: 4", "partitions: 4\n  maxWallClockTime: PT6H\n  allocationTimeout: PT45M", StringComparison.Ordinal));

        Assert.Equal(TimeSpan.FromHours(6), spec.Azure.MaxWallClockTime);
        Assert.Equal(TimeSpan.FromMinutes(45), spec.Azure.AllocationTimeout);
        Assert.Equal(TimeSpan.FromHours(24), new AzureSpec().MaxWallClockTime);
        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(Specs.Cloud.Replace("partitions: 4", "partitions: 4\n  maxWallClockTime: 0 2 * * *", StringComparison.Ordinal)));
        Assert.Equal("azure.maxWallClockTime", Assert.Single(e.Problems).Key);
    }

    [Fact]
    public void Unknown_key_names_the_file_the_key_and_the_line()
    {
        var yaml = Specs.Local.Replace("ingest: { fps: 10,", "ingest: { fpss: 10,", StringComparison.Ordinal);

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml, "pipelines/bad.yaml"));

        var problem = Assert.Single(e.Problems);
        Assert.Equal("stages.ingest.fpss", problem.Key);
        Assert.Equal(9, problem.Line);
        Assert.Contains("pipelines/bad.yaml:9: stages.ingest.fpss: unknown key (did you mean 'fps'?", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  pretrain:\n    datasets: [digits, actions\n    steps: 20", 11, "the '[' on this line is never closed (a missing ']' or ',')")]
    [InlineData("  pretrain: { datasets: [digits, actions, steps: 20 }", 10, "not valid YAML")]
    [InlineData("  pretrain: { datasets: [digits, actions], steps: 20", 10, "the '{' on this line is never closed")]
    [InlineData("  pretrain: { datasets: [digits, actions], steps: 20 }}", 10, "not valid YAML")]
    [InlineData("  pretrain: { datasets: [digits, actions], steps: \"20 }", 11, "(the quote opened on line 10)")]
    [InlineData("\tpretrain: { datasets: [digits, actions], steps: 20 }", 10, "not valid YAML: While scanning a mapping, found invalid tab as indentation.")]
    public void A_yaml_syntax_error_names_the_file_and_line(string pretrainLine, int line, string problem)
    {
        var yaml = Specs.Local.Replace("  pretrain: { datasets: [digits, actions], steps: 20 }", pretrainLine, StringComparison.Ordinal);
        Assert.NotEqual(Specs.Local, yaml);

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml, "pipelines/broken.yaml"));

        var error = Assert.Single(e.Problems);
        Assert.Equal(("pipelines/broken.yaml", line), (error.File, error.Line));
        Assert.StartsWith($"Invalid pipeline spec: pipelines/broken.yaml:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_top_level_key_is_an_error()
    {
        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(Specs.Local + "\nextra: 1\n"));

        Assert.Equal("extra", Assert.Single(e.Problems).Key);
    }

    [Theory]
    [InlineData("schedule:\n  every: \"0 2 * * *\"\n", "schedule.every")]
    [InlineData("schedule: \"0 2 * * *\"\n", "schedule")]
    public void Cron_schedule_is_rejected_with_the_interval_explanation(string schedule, string key)
    {
        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(Specs.Local + "\n" + schedule));

        var problem = Assert.Single(e.Problems);
        Assert.Equal(key, problem.Key);
        Assert.Contains("cron", problem.Message, StringComparison.Ordinal);
        Assert.Contains("interval", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_short_interval_is_rejected()
    {
        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(Specs.Local + "\nschedule: { every: PT30S }\n"));

        Assert.Contains("shorter than one minute", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_dataset_is_reported_where_it_is_referenced()
    {
        var yaml = Specs.Local.Replace("datasets: [digits, actions]", "datasets: [digits, faces]", StringComparison.Ordinal)
            .Replace("dataset: actions", "dataset: people", StringComparison.Ordinal);

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml));

        Assert.Contains(e.Problems, p => p.Key == "stages.pretrain.datasets" && p.Message.Contains("'faces' is not defined", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Key == "stages.evaluate.dataset" && p.Message.Contains("'people' is not defined", StringComparison.Ordinal));
    }

    [Fact]
    public void No_datasets_is_an_error()
    {
        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse("name: empty\n"));

        Assert.Equal("datasets", Assert.Single(e.Problems).Key);
    }

    [Fact]
    public void Cycle_through_after_is_an_error_naming_the_cycle()
    {
        var yaml = Specs.Local.Replace("ingest: { fps: 10,", "ingest: { after: [evaluate], fps: 10,", StringComparison.Ordinal);

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml));

        var problem = Assert.Single(e.Problems);
        Assert.Equal("stages.ingest.after", problem.Key);
        Assert.Contains("cycle", problem.Message, StringComparison.Ordinal);
        Assert.Contains("evaluate", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_naming_no_stage_is_an_error()
    {
        var yaml = Specs.Local.Replace("pretrain: { datasets", "pretrain: { after: [coffee], datasets", StringComparison.Ordinal);

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml));

        Assert.Contains("'coffee' is not a stage", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dataset_needs_exactly_one_of_synth_or_source()
    {
        const string yaml = """
            name: x
            datasets:
              both:
                source: videos/
                synth: { generator: actions }
              neither:
                labels: ucf101
            """;

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml));

        Assert.Contains(e.Problems, p => p.Key == "datasets.both");
        Assert.Contains(e.Problems, p => p.Key == "datasets.neither");
    }

    [Fact]
    public void Evaluation_needs_a_labeled_dataset_and_pretraining()
    {
        const string yaml = """
            name: x
            datasets:
              raw: { source: blob:raw/ }
            stages:
              evaluate: { dataset: raw, labelsPerClass: [5] }
            """;

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml));

        Assert.Contains(e.Problems, p => p.Key == "stages.evaluate" && p.Message.Contains("pretrain", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Key == "stages.evaluate.dataset" && p.Message.Contains("no labels", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_values_are_reported_together()
    {
        var yaml = Specs.Local.Replace("ingest: { color: gray }", "ingest: { color: sepia, size: big }", StringComparison.Ordinal)
            .Replace("steps: 20", "steps: -3", StringComparison.Ordinal);

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml));

        Assert.Equal(3, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Key == "datasets.digits.ingest.color");
        Assert.Contains(e.Problems, p => p.Key == "datasets.digits.ingest.size");
        Assert.Contains(e.Problems, p => p.Key == "stages.pretrain.steps");
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_line()
    {
        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse("name: x\ndatasets: [\n", "broken.yaml"));

        Assert.StartsWith("Invalid pipeline spec: broken.yaml:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var e = Assert.Throws<PipelineSpecException>(() => Specs.Load("nowhere/none.yaml"));

        Assert.Contains("nowhere/none.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_survives_the_trip_through_base64()
    {
        var spec = Specs.Parse("# a comment\n" + Specs.Cloud);

        var back = SpecLoader.FromBase64(SpecLoader.ToBase64(spec), "node", VideoSsl.Cli.Stages.StageVerbs.All);

        Assert.Equal(Graph.StageGraph.Build(spec).Describe(), Graph.StageGraph.Build(back).Describe());
        Assert.Equal(spec.Schedule, back.Schedule);
        Assert.Equal(spec.Azure, back.Azure);
        Assert.DoesNotContain("#", back.Yaml, StringComparison.Ordinal); // comments stay home: shorter command lines
    }

    [Fact]
    public void Evaluate_reads_the_datasets_it_names_and_passes_its_other_settings_on()
    {
        var yaml = Specs.Local.Replace("evaluate: { dataset: actions, labelsPerClass: [2] }",
            "evaluate: { dataset: actions, labelsPerClass: [2], views: 2, finetuneBatch: 4, futureDataset: digits, futureClips: 50 }", StringComparison.Ordinal);

        var evaluate = Specs.Parse(yaml).Evaluate!;

        Assert.Equal(("actions", "digits"), (evaluate.Dataset, evaluate.FutureDataset));
        Assert.Equal(["--views", "2", "--finetune-batch", "4", "--future-dataset", "digits", "--future-clips", "50"], evaluate.Command.Argv.TakeLast(8));
        Assert.Null(Specs.Parse(Specs.Local).Evaluate!.FutureDataset);
    }

    [Fact]
    public void Future_dataset_must_be_a_dataset_of_the_spec()
    {
        var yaml = Specs.Local.Replace("evaluate: { dataset: actions, labelsPerClass: [2] }",
            "evaluate: { dataset: actions, labelsPerClass: [2], futureDataset: held-out, views: 0 }", StringComparison.Ordinal);

        var e = Assert.Throws<PipelineSpecException>(() => Specs.Parse(yaml));

        Assert.Contains(e.Problems, p => p.Key == "stages.evaluate.futureDataset" && p.Message.Contains("'held-out' is not defined", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Key == "stages.evaluate.views");
    }

    [Fact]
    public void Future_clips_without_a_future_dataset_is_accepted_as_the_verb_accepts_it()
    {
        var yaml = Specs.Local.Replace("evaluate: { dataset: actions, labelsPerClass: [2] }",
            "evaluate: { dataset: actions, labelsPerClass: [2], futureClips: 10 }", StringComparison.Ordinal);

        Assert.Equal(["--future-clips", "10"], Specs.Parse(yaml).Evaluate!.Command.Argv.TakeLast(2));
    }
}
