using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Local;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Pipelines.Tests;

public sealed class LocalPipelineRunnerTests : IDisposable
{
    private readonly TempFolder _temp = new("pipelines");
    private readonly FolderBlobStore _store;
    private readonly List<string[]> _calls = [];
    private readonly List<string> _log = [];
    private readonly StageGraph _graph;

    public LocalPipelineRunnerTests()
    {
        _store = new FolderBlobStore(_temp["store"]);
        var yaml = Specs.Local.Replace("name: tiny", $"name: tiny\nstore: {{ location: {_temp["store"]} }}", StringComparison.Ordinal)
            .Replace("generator: moving-digits,", $"generator: moving-digits, out: {_temp["videos/digits"]},", StringComparison.Ordinal)
            .Replace("generator: actions,", $"generator: actions, out: {_temp["videos/actions"]},", StringComparison.Ordinal);
        _graph = StageGraph.Build(Specs.Parse(yaml));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Runs_every_stage_in_dependency_order_with_the_store_options()
    {
        var result = await Runner(_ => 0).RunAsync(_graph);

        Assert.True(result.Succeeded);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_graph.Stages.Select(s => s.Argv[0] == "synth" ? "synth" : s.Argv[0]), _calls.Select(c => c[0]));
        Assert.All(_calls, c => Assert.Equal(["--store", "data/store"], c.TakeLast(2)));
        Assert.Contains(_log, l => l.StartsWith("[1/6] synth-digits: videossl synth moving-digits", StringComparison.Ordinal));
        Assert.Contains(_log, l => l.StartsWith("[6/6] evaluate: done in", StringComparison.Ordinal));
        Assert.Contains(result.Summary(), l => l == $"Report: {_store.Description} / runs/tiny/report.json");
    }

    [Fact]
    public async Task Skips_stages_that_are_recorded_done_with_their_markers_present()
    {
        await MarkDoneAsync("synth-digits");
        await MarkDoneAsync("ingest-digits");

        var result = await Runner(_ => 0).RunAsync(_graph);

        Assert.Equal(StageStatus.Skipped, result.Stages[0].Status);
        Assert.Equal(StageStatus.Skipped, result.Stages[2].Status);
        Assert.Equal(4, _calls.Count);
        Assert.DoesNotContain(_calls, c => c.Take(_graph["ingest-digits"].Argv.Count).SequenceEqual(_graph["ingest-digits"].Argv));
        Assert.DoesNotContain(_calls, c => c.Take(_graph["synth-digits"].Argv.Count).SequenceEqual(_graph["synth-digits"].Argv));
        Assert.Contains(_log, l => l == "[3/6] ingest-digits: skipped, already done (datasets/digits/current.json + manifest)");
    }

    [Fact]
    public async Task Reruns_a_stage_whose_markers_exist_but_that_never_finished()
    {
        // An interrupted ingest leaves current.json and a manifest but no stage record.
        Directory.CreateDirectory(_temp["videos/digits"]);
        await File.WriteAllTextAsync(_temp["videos/digits/0.mp4"], "x");
        await WriteDatasetAsync("digits");

        await Runner(_ => 0).RunAsync(_graph);

        Assert.Contains(_calls, c => c[0] == "ingest" && c.Contains("digits"));
    }

    [Fact]
    public async Task Reruns_a_stage_whose_argv_changed()
    {
        await MarkDoneAsync("ingest-digits");
        var changed = _graph with { Stages = _graph.Stages.Select(s => s.Id == "ingest-digits" ? s with { Argv = [.. s.Argv, "--workers", "1"] } : s).ToList() };

        await Runner(_ => 0).RunAsync(changed);

        Assert.Contains(_calls, c => c[0] == "ingest" && c.Contains("--workers"));
    }

    [Theory]
    [InlineData("--frames 8 --fps 10 --size 32 --color gray", true)]    // the same flags and values in another order (the spec's keys moved)
    [InlineData("--fps 10 --size 32 --frames 8 --color rgb", false)]    // another value
    [InlineData("--fps 10 --size 32 --frames 8", false)]                // a flag less
    public async Task A_stage_recorded_with_the_same_flags_and_values_in_any_order_is_done(string recordedSettings, bool done)
    {
        var stage = _graph["ingest-digits"];
        await MarkDoneAsync(stage.Id);
        await StageRecord.WriteAsync(_store, _graph.Run, stage with { Argv = [.. stage.Argv.Take(5), .. recordedSettings.Split(' ')] }, 0);

        await Runner(_ => 0).RunAsync(_graph);

        Assert.Equal(!done, _calls.Any(c => c[0] == "ingest" && c.Contains("digits")));
    }

    [Fact]
    public async Task A_repeated_flag_keeps_its_values_order_when_records_are_compared()
    {
        var stage = _graph["pretrain"];
        Assert.Equal(["--dataset", "digits", "--dataset", "actions"], stage.Argv.Skip(1).Take(4));
        await StageRecord.WriteAsync(_store, _graph.Run, stage with { Argv = ["pretrain", "--dataset", "actions", "--dataset", "digits", .. stage.Argv.Skip(5)] }, 0);

        Assert.False(await StageRecord.MatchesAsync(_store, _graph.Run, stage));
        await StageRecord.WriteAsync(_store, _graph.Run, stage with { Argv = ["pretrain", "--steps", "20", "--run", "tiny", "--dataset", "digits", "--dataset", "actions"] }, 0);
        Assert.True(await StageRecord.MatchesAsync(_store, _graph.Run, stage));
    }

    [Fact]
    public async Task A_failing_stage_stops_the_pipeline()
    {
        var result = await Runner(argv => argv[0] == "ingest" ? 1 : 0).RunAsync(_graph);

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal([StageStatus.Done, StageStatus.Done, StageStatus.Failed, StageStatus.NotRun, StageStatus.NotRun, StageStatus.NotRun], result.Stages.Select(s => s.Status));
        Assert.Equal(3, _calls.Count);
        Assert.Contains(_log, l => l.Contains("ingest-digits: failed with exit code 1", StringComparison.Ordinal));
        Assert.Contains("Pipeline tiny stopped: ingest-digits failed.", result.Summary()[0], StringComparison.Ordinal);
        Assert.False(await _store.ExistsAsync(StageRecord.PathFor("tiny", "ingest-digits")));
    }

    [Fact]
    public async Task Quarantined_inputs_from_ingest_do_not_stop_the_pipeline()
    {
        var result = await Runner(argv => argv[0] == "ingest" ? 2 : 0).RunAsync(_graph);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(6, _calls.Count);
        Assert.Equal(StageStatus.DoneWithQuarantine, result.Stages[2].Status);
        Assert.Contains(_log, l => l.Contains("quarantined", StringComparison.Ordinal) && l.Contains("continuing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exit_code_2_from_another_verb_is_a_failure()
    {
        var result = await Runner(argv => argv[0] == "pretrain" ? 2 : 0).RunAsync(_graph);

        Assert.Equal(StageStatus.Failed, result.Stages[4].Status);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Pretraining_resumes_an_existing_checkpoint()
    {
        await _store.WriteTextAsync("runs/tiny/checkpoints/latest.json", """{"step":7,"path":"runs/tiny/checkpoints/step-000007.ckpt"}""");

        await Runner(_ => 0).RunAsync(_graph);

        var pretrain = Assert.Single(_calls, c => c[0] == "pretrain");
        Assert.Contains("--resume", pretrain);
        Assert.Contains(_log, l => l.Contains("resuming from the checkpoint at step 7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resume_true_trains_the_given_steps_beyond_the_checkpoint()
    {
        await _store.WriteTextAsync("runs/tiny/checkpoints/latest.json", """{"step":20}""");
        var stage = _graph["pretrain"] with { Resume = _graph["pretrain"].Resume! with { AddSteps = true } };

        var invocation = await StageInvocation.ResolveAsync(stage, stage.Argv, _store);

        var argv = invocation.Argv.ToList();
        Assert.Equal("40", argv[argv.IndexOf("--steps") + 1]);
        Assert.Equal("--resume", argv[^1]);
        Assert.Equal("continuing from step 20 to step 40", invocation.Note);
    }

    [Fact]
    public async Task Cancellation_between_stages_stops_with_130()
    {
        using var cts = new CancellationTokenSource();
        var result = await Runner(argv =>
        {
            cts.Cancel();
            return 0;
        }).RunAsync(_graph, cancellationToken: cts.Token);

        Assert.Equal(130, result.ExitCode);
        Assert.Single(_calls);
    }

    private LocalPipelineRunner Runner(Func<string[], int> exit) =>
        new(_store, (argv, _) =>
        {
            _calls.Add(argv);
            return Task.FromResult(exit(argv));
        }, ["--store", "data/store"], _log.Add);

    private async Task MarkDoneAsync(string stageId)
    {
        var stage = _graph[stageId];
        if (stage.Kind == StageKind.Synth)
        {
            Directory.CreateDirectory(_temp[$"videos/{stage.Dataset}"]);
            await File.WriteAllTextAsync(_temp[$"videos/{stage.Dataset}/0.mp4"], "x");
        }
        else if (stage.Kind == StageKind.Ingest)
        {
            await WriteDatasetAsync(stage.Dataset!);
        }

        await StageRecord.WriteAsync(_store, _graph.Run, stage, 0);
    }

    private async Task WriteDatasetAsync(string dataset)
    {
        await _store.WriteTextAsync($"datasets/{dataset}/current.json", """{"version":"v1"}""");
        await _store.WriteTextAsync($"datasets/{dataset}/v1/manifest.jsonl", "{}\n");
    }
}
