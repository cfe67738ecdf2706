using System.Text.Json;
using VideoSsl.Pipelines.Batch;
using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Tests;

// Over 300 lines on purpose: the translation of one spec into Batch requests (job, tasks, command lines, dependencies,
// pools, limits) is checked in one place, against one shared spec and target.
public class BatchTranslatorTests
{
    private readonly PipelineSpec _spec = Specs.Parse(Specs.Cloud);

    [Fact]
    public void One_task_per_ingest_partition_then_the_pretrain_launcher_then_evaluation()
    {
        var translation = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1");

        Assert.Equal(_spec.Azure.Partitions + 2, translation.Job.Tasks.Count);
        Assert.Equal(["ingest-clips-0", "ingest-clips-1", "ingest-clips-2", "ingest-clips-3", "pretrain", "evaluate"], translation.Job.Tasks.Select(t => t.Id));
        Assert.Equal("cpu-pool", translation.Job.PoolId);
    }

    [Fact]
    public void Two_datasets_fan_out_separately()
    {
        var spec = Specs.Parse(Specs.Cloud.Replace("datasets:\n", "datasets:\n  more: { source: \"blob:raw/more\" }\n", StringComparison.Ordinal));

        var translation = BatchTranslator.Translate(spec, Specs.Target, "cloudy-run1");

        Assert.Equal(2 * spec.Azure.Partitions + 2, translation.Job.Tasks.Count);
    }

    [Fact]
    public void Pretraining_waits_for_every_ingest_task_and_evaluation_for_pretraining()
    {
        var tasks = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1").Job.Tasks.ToDictionary(t => t.Id);

        Assert.All(tasks.Values.Where(t => t.Id.StartsWith("ingest-", StringComparison.Ordinal)), t => Assert.Empty(t.DependsOn));
        Assert.Equal(["ingest-clips-0", "ingest-clips-1", "ingest-clips-2", "ingest-clips-3"], tasks["pretrain"].DependsOn);
        Assert.Equal(["pretrain", "ingest-clips-0", "ingest-clips-1", "ingest-clips-2", "ingest-clips-3"], tasks["evaluate"].DependsOn);
    }

    [Fact]
    public void Ingest_tasks_carry_their_partition()
    {
        var translation = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(["--partition", $"{i}/4"], TaskCommandLine.ParseArgv(translation.Job.Tasks[i].CommandLine).TakeLast(2));
        }
    }

    [Fact]
    public void Command_lines_run_the_bundle_with_the_pool_identity_and_no_secrets()
    {
        var translation = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1");

        foreach (var task in translation.Job.Tasks)
        {
            Assert.StartsWith("/bin/sh -c '$AZ_BATCH_NODE_SHARED_DIR/videossl/videossl ", task.CommandLine, StringComparison.Ordinal);
            Assert.Contains("--store https://stacct.blob.core.windows.net/clips", task.CommandLine, StringComparison.Ordinal);
            Assert.EndsWith("--managed-identity-client-id \"$VIDEOSSL_MI_CLIENT_ID\"'", task.CommandLine, StringComparison.Ordinal);
            foreach (var secret in new[] { "sig=", "AccountKey", "SharedAccessSignature", "Bearer", "password", "secret" })
            {
                Assert.DoesNotContain(secret, task.CommandLine, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.Equal(Specs.Target.IdentityClientId, translation.Job.Environment[BatchTarget.NodeIdentityVariable]);
    }

    [Fact]
    public void Task_logs_go_to_the_runs_container_through_the_pool_identity()
    {
        var task = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1").Job.Tasks[0];

        var output = Assert.Single(task.Outputs);
        Assert.Equal("../std*.txt", output.FilePattern);
        Assert.Equal("https://stacct.blob.core.windows.net/runs", output.ContainerUrl.AbsoluteUri);
        Assert.Equal("cloudy-run1/ingest-clips-0", output.BlobPath);
    }

    [Fact]
    public void Ids_are_deterministic()
    {
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

        Assert.Equal("cloudy-202503040306", BatchTranslator.DefaultJobId("cloudy", now));
        Assert.Equal("nightly-job-3-pretrain", BatchTranslator.StageJobId("nightly:job-3", "pretrain"));
        var first = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1");
        var second = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1");
        Assert.Equal(first.Job.Tasks.Select(t => (t.Id, t.CommandLine)), second.Job.Tasks.Select(t => (t.Id, t.CommandLine)));
        Assert.Equal("cloudy-run1-pretrain", first.Tasks.Single(t => t.StageId == "pretrain").LaunchedJobId);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a:b")]
    [InlineData("")]
    public void Bad_run_ids_are_rejected(string id) =>
        Assert.Throws<ArgumentException>(() => BatchTranslator.ValidateJobId(id));

    [Fact]
    public void The_batch_translation_runs_the_same_graph_as_the_local_runner()
    {
        var local = StageGraph.Build(_spec);

        var translation = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1");

        Assert.Equal(local.Describe(), translation.Graph.Describe());
        foreach (var task in translation.Tasks)
        {
            var stage = local[task.StageId];
            Assert.Equal(stage.ArgvForPartition(task.Partition, task.Partitions), task.Argv);
            if (task.LaunchedJobId is null)
            {
                Assert.Equal(task.Argv, TaskCommandLine.ParseArgv(task.CommandLine));
            }
        }

        Assert.Equal(local.Stages.Select(s => s.Id), translation.Tasks.Select(t => t.StageId).Distinct());
    }

    [Fact]
    public void The_launcher_and_the_stage_job_rebuild_the_same_graph_from_the_carried_spec()
    {
        var translation = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1");
        var launcher = TaskCommandLine.ParseArgv(translation.Job.Tasks.Single(t => t.Id == "pretrain").CommandLine).ToList();
        Assert.Equal(["pipeline", "run-stage-on-pool", "--stage", "pretrain", "--pool", "gpu", "--job", "cloudy-run1-pretrain"], launcher.Take(8));

        var carried = SpecLoader.FromBase64(launcher[launcher.IndexOf("--spec-base64") + 1], "node", VideoSsl.Cli.Stages.StageVerbs.All);
        Assert.Equal(StageGraph.Build(_spec).Describe(), StageGraph.Build(carried).Describe());

        var stageJob = BatchTranslator.PlanStageJob(carried, StageGraph.Build(carried)["pretrain"], Specs.Target, "cloudy-run1-pretrain");
        Assert.Equal("gpu-pool", stageJob.PoolId);
        Assert.Equal(["pipeline", "run-stage", "--stage", "pretrain"], TaskCommandLine.ParseArgv(Assert.Single(stageJob.Tasks).CommandLine).Take(4));
    }

    [Fact]
    public void Synthesized_datasets_cannot_go_to_batch()
    {
        var e = Assert.Throws<PipelineSpecException>(() => BatchTranslator.Translate(Specs.Parse(Specs.Local), Specs.Target, "tiny-1"));

        Assert.Contains(e.Problems, p => p.Key == "datasets.digits" && p.Message.Contains("blob:", StringComparison.Ordinal));
    }

    [Fact]
    public void Dry_run_prints_the_rest_bodies_as_json()
    {
        var translation = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1");

        using var json = JsonDocument.Parse(DryRunJson.ForSubmit(_spec, translation, Specs.Target));

        var root = json.RootElement;
        Assert.Equal("cloudy-run1", root.GetProperty("job").GetProperty("id").GetString());
        Assert.Equal("cpu-pool", root.GetProperty("job").GetProperty("poolInfo").GetProperty("poolId").GetString());
        Assert.True(root.GetProperty("job").GetProperty("usesTaskDependencies").GetBoolean());
        Assert.Equal(6, root.GetProperty("tasks").GetArrayLength());
        Assert.Equal("taskcompletion", root.GetProperty("tasks")[0].GetProperty("outputFiles")[0].GetProperty("uploadOptions").GetProperty("uploadCondition").GetString());
        var launched = root.GetProperty("launched")[0];
        Assert.Equal("gpu-pool", launched.GetProperty("job").GetProperty("poolInfo").GetProperty("poolId").GetString());
        Assert.Equal("cloudy-run1-pretrain", launched.GetProperty("job").GetProperty("id").GetString());
    }

    [Fact]
    public void Schedule_repeats_the_interval_and_adds_tasks_through_a_job_manager()
    {
        var schedule = ScheduleTranslator.Translate(_spec, Specs.Target, new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero));

        using var json = JsonDocument.Parse(DryRunJson.ForSchedule(schedule));
        var root = json.RootElement;
        Assert.Equal("cloudy", root.GetProperty("id").GetString());
        Assert.Equal("P1D", root.GetProperty("schedule").GetProperty("recurrenceInterval").GetString());
        Assert.StartsWith("2025-01-01T02:00:00", root.GetProperty("schedule").GetProperty("doNotRunUntil").GetString(), StringComparison.Ordinal);
        var job = root.GetProperty("jobSpecification");
        Assert.True(job.GetProperty("usesTaskDependencies").GetBoolean());
        Assert.Equal("terminatejob", job.GetProperty("onAllTasksComplete").GetString());
        var manager = job.GetProperty("jobManagerTask");
        Assert.False(manager.GetProperty("killJobOnCompletion").GetBoolean());
        Assert.Equal(["pipeline", "submit-tasks", "--spec-base64"], TaskCommandLine.ParseArgv(manager.GetProperty("commandLine").GetString()!).Take(3));
    }

    [Fact]
    public void Scheduling_a_spec_without_schedule_is_an_error()
    {
        var e = Assert.Throws<PipelineSpecException>(() => ScheduleTranslator.Translate(Specs.Parse(Specs.Cloud.Split("schedule:")[0]), Specs.Target, DateTimeOffset.UtcNow));

        Assert.Equal("schedule", Assert.Single(e.Problems).Key);
    }

    [Fact]
    public void Target_names_every_missing_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => BatchTarget.Resolve(new AzureSpec(), _ => null));

        foreach (var variable in new[] { "AZURE_BATCH_ACCOUNT_ENDPOINT", "AZURE_BATCH_CPU_POOL_ID", "AZURE_STORAGE_ACCOUNT_URL", "AZURE_MANAGED_IDENTITY_CLIENT_ID" })
        {
            Assert.Contains(variable, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Target_prefers_flags_then_the_spec_then_the_environment()
    {
        var environment = new Dictionary<string, string>
        {
            ["AZURE_BATCH_ACCOUNT_ENDPOINT"] = "https://acct.batch.azure.com",
            ["AZURE_BATCH_CPU_POOL_ID"] = "env-cpu",
            ["AZURE_BATCH_GPU_POOL_ID"] = "env-gpu",
            ["AZURE_STORAGE_ACCOUNT_URL"] = "https://st.blob.core.windows.net/",
            ["AZURE_MANAGED_IDENTITY_CLIENT_ID"] = "cid",
            ["AZURE_MANAGED_IDENTITY_RESOURCE_ID"] = "rid",
        };

        var target = BatchTarget.Resolve(new AzureSpec { GpuPool = "spec-gpu" }, environment.GetValueOrDefault,
            new BatchAccountOptions { CpuPool = "flag-cpu" });

        Assert.Equal("flag-cpu", target.CpuPoolId);
        Assert.Equal("spec-gpu", target.GpuPoolId);
        Assert.Equal("https://st.blob.core.windows.net/clips", target.StoreLocation);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("with space")]
    [InlineData("it's")]
    [InlineData("$HOME `x` \"q\" \\")]
    [InlineData("blob:raw/")]
    public void Command_line_quoting_round_trips(string arg)
    {
        var line = TaskCommandLine.For(["ingest", arg], "https://st.blob.core.windows.net/clips");

        Assert.Equal(["ingest", arg], TaskCommandLine.ParseArgv(line));
    }

    [Fact]
    public void A_scheduled_job_takes_its_tasks_under_the_id_batch_gave_it()
    {
        // Jobs a schedule makes are named {schedule}:job-{n} (JobSchedules_GetJobSchedule in the 2025-06-01 examples).
        var translation = BatchTranslator.TranslateForRunningJob(_spec, Specs.Target, "cloudy:job-3");

        Assert.Equal("cloudy:job-3", translation.Job.JobId);
        Assert.Equal("cloudy-job-3-pretrain", translation.Tasks.Single(t => t.StageId == "pretrain").LaunchedJobId);
        Assert.Equal("cloudy:job-3/ingest-clips-0", translation.Job.Tasks[0].Outputs[0].BlobPath);
        Assert.Throws<ArgumentException>(() => BatchTranslator.Translate(_spec, Specs.Target, "cloudy:job-3"));
    }

    [Fact]
    public void A_submitted_job_is_limited_to_the_spec_wall_clock_time()
    {
        var translation = BatchTranslator.Translate(Specs.Parse(Specs.Cloud.Replace("partitions: 4", "partitions: 4\n  maxWallClockTime: PT8H", StringComparison.Ordinal)), Specs.Target, "cloudy-run1");

        using var json = JsonDocument.Parse(DryRunJson.ForSubmit(_spec, translation, Specs.Target));

        Assert.Equal(TimeSpan.FromHours(8), translation.Job.MaxWallClockTime);
        Assert.Equal("PT8H", json.RootElement.GetProperty("job").GetProperty("constraints").GetProperty("maxWallClockTime").GetString());
        Assert.Equal("P1D", json.RootElement.GetProperty("launched")[0].GetProperty("job").GetProperty("constraints").GetProperty("maxWallClockTime").GetString());
    }

    [Fact]
    public void Dry_run_shows_the_cpu_and_the_gpu_bundle()
    {
        var translation = BatchTranslator.Translate(_spec, Specs.Target, "cloudy-run1");

        using var json = JsonDocument.Parse(DryRunJson.ForSubmit(_spec, translation, Specs.Target));

        var bundles = json.RootElement.GetProperty("bundles").EnumerateArray().ToDictionary(b => b.GetProperty("kind").GetString()!);
        Assert.Equal("cpu-pool", bundles["cpu"].GetProperty("pool").GetString());
        Assert.Equal("https://stacct.blob.core.windows.net/apps/videossl-linux-x64.zip", bundles["cpu"].GetProperty("bundle").GetString());
        Assert.Equal("cpu", bundles["cpu"].GetProperty("torchRuntime").GetString());
        Assert.Equal("gpu-pool", bundles["gpu"].GetProperty("pool").GetString());
        Assert.Equal("https://stacct.blob.core.windows.net/apps/videossl-linux-x64-cuda.zip", bundles["gpu"].GetProperty("bundle").GetString());
        Assert.Equal("cuda", bundles["gpu"].GetProperty("torchRuntime").GetString());
    }

    [Fact]
    public void Only_the_gpu_pool_stage_requires_cuda()
    {
        var graph = StageGraph.Build(_spec);

        var gpu = TaskCommandLine.ParseArgv(Assert.Single(BatchTranslator.PlanStageJob(_spec, graph["pretrain"], Specs.Target, "j-pretrain").Tasks).CommandLine);
        var cpu = TaskCommandLine.ParseArgv(Assert.Single(BatchTranslator.PlanStageJob(_spec, graph["evaluate"], Specs.Target, "j-evaluate").Tasks).CommandLine);

        Assert.Equal(["--device", "cuda"], gpu.Skip(4).Take(2));
        Assert.DoesNotContain("--device", cpu);
        Assert.DoesNotContain("--device", graph["pretrain"].Argv); // local runs keep --device auto
    }

    [Fact]
    public void Jobs_name_their_logs_container_for_status()
    {
        var target = Specs.Target with { LogsContainer = "task-logs" };
        var translation = BatchTranslator.Translate(_spec, target, "cloudy-run1");

        Assert.Equal("https://stacct.blob.core.windows.net/task-logs", translation.Job.Metadata[BatchTarget.LogsMetadata]);
        var job = new VideoSsl.Cloud.Batch.Models.BatchJob("cloudy-run1", new("cpu")) { Metadata = [new("videossl-logs", "https://stacct.blob.core.windows.net/task-logs")] };
        Assert.Equal("https://stacct.blob.core.windows.net/task-logs", JobStatusReport.LogsContainer(job, new Uri("https://x/runs"))!.AbsoluteUri);
    }

    [Fact]
    public void Status_shows_the_pool_when_it_is_why_tasks_wait()
    {
        var job = new VideoSsl.Cloud.Batch.Models.BatchJob("j", new("gpu")) { State = VideoSsl.Cloud.Batch.Models.BatchJobState.Active };
        var status = new VideoSsl.Cloud.Batch.BatchJobStatus(job, [new VideoSsl.Cloud.Batch.Models.BatchTask { Id = "pretrain", State = VideoSsl.Cloud.Batch.Models.BatchTaskState.Active }]);
        var pool = new VideoSsl.Cloud.Batch.Models.BatchPool
        {
            Id = "gpu", VmSize = "standard_nc4as_t4_v3", AllocationState = "steady", TargetDedicatedNodes = 1,
            ResizeErrors = [new("AccountVMSeriesCoreQuotaReached", "quota reached for standardNCASv3_T4Family", null)],
        };

        var lines = JobStatusReport.PoolLines(pool, status);

        Assert.Equal("  pool gpu (standard_nc4as_t4_v3): 0 nodes, target 1, steady", lines[0]);
        Assert.Contains("resize error AccountVMSeriesCoreQuotaReached: quota reached for standardNCASv3_T4Family", lines[1], StringComparison.Ordinal);
        Assert.Empty(JobStatusReport.PoolLines(pool with { ResizeErrors = null, CurrentDedicatedNodes = 1 }, status));
    }
}
