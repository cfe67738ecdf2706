using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Stages;
using VideoSsl.Cli.Output;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Plan;
using VideoSsl.Pipelines.Batch;
using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Local;
using VideoSsl.Pipelines.Spec;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl pipeline</c>: run a YAML pipeline spec here, or submit, schedule and follow it on Azure Batch.</summary>
public static partial class PipelineCommand
{
    private static readonly Argument<string> SpecFile = new("spec") { Description = "The pipeline spec (YAML), e.g. pipelines/demo.yaml; keys: pipelines/README.md." };
    private static readonly Option<bool> Rerun = new("--rerun") { Description = "Run every stage, even those already done." };
    private static readonly Option<string> Target = new("--target") { Description = "local (this machine) or batch (Azure Batch).", DefaultValueFactory = _ => "batch" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print the Batch requests as JSON and call nothing." };
    private static readonly Option<string?> RunId = new("--run") { Description = "Batch job id for this submission (default {name}-{yyyyMMddHHmm} UTC); the same id makes a resubmit a no-op." };
    private static readonly Option<string?> Job = new("--job") { Description = "Batch job id.", };
    private static readonly Option<bool> Once = new("--once") { Description = "Print one snapshot instead of following the job to its end." };
    private static readonly Option<double> Interval = new("--interval") { Description = "Seconds between polls.", DefaultValueFactory = _ => 30 };
    private static readonly Option<string> SpecBase64 = new("--spec-base64") { Description = "The spec, base64 (set by submit).", Required = true };
    private static readonly Option<string> Stage = new("--stage") { Description = "Stage id.", Required = true };
    private static readonly Option<string> Pool = new("--pool") { Description = "cpu or gpu.", DefaultValueFactory = _ => "gpu" };
    private static readonly Option<string?> Device = new("--device") { Description = "Device the stage's verb must use (the GPU pool's stage passes cuda)." };

    /// <summary>The Batch account settings (section Batch) of submit, status and schedule; on nodes they come from the job's environment.</summary>
    public static readonly OptionsBinding<BatchAccountOptions> Account = new OptionsBinding<BatchAccountOptions>("Batch")
        .Flag(o => o.Endpoint, "--batch-endpoint");

    /// <summary>Builds the verb and its subcommands (three hidden ones run on Batch nodes).</summary>
    public static Command Create(CliServices services)
    {
        var command = new Command("pipeline", "Run a declarative pipeline (synth -> ingest -> pretrain -> evaluate) from a YAML spec, here or on Azure Batch.");
        command.Subcommands.Add(Build("run", "Run the pipeline here, stage by stage; finished stages are skipped, interrupted ones resume. " + ExitCodes.Help,
            [SpecFile], [Rerun], (p, s, ct) => RunLocalAsync(p, s, services, ct),
            p => $"Kept: the stages that finished (recorded in the store) and what the failed stage had done. Rerun `videossl pipeline run {p.GetValue(SpecFile)}`: finished stages are skipped."));
        command.Subcommands.Add(Account.AddTo(Build("submit", "Submit the pipeline to Azure Batch: one job on the CPU pool (ingest partitions, a launcher that runs pretraining "
            + "as its own job on the GPU pool, evaluation). Settings come from the azd outputs (AZURE_*) or the flags.",
            [SpecFile], [Target, DryRun, RunId, Rerun], (p, s, ct) => SubmitAsync(p, s, services, ct),
            p => $"Kept: whatever Batch accepted (job and task ids are deterministic). Rerun with --run {p.GetValue(RunId) ?? "<the job id printed above>"} to finish the submission without duplicates.")));
        command.Subcommands.Add(Account.AddTo(Build("status", "Follow a Batch job: progress, per-task state, the pool when it cannot start them, and where failed tasks' stderr is.",
            [], [Job, Once, Interval], (p, s, ct) => StatusAsync(p, s, services, ct),
            _ => "status changes nothing; rerun it once the endpoint is reachable.")));
        command.Subcommands.Add(Account.AddTo(Build("schedule", "Create or update the Batch job schedule of a spec's schedule: (an ISO 8601 interval).",
            [SpecFile], [Target, DryRun], (p, s, ct) => ScheduleAsync(p, s, services, ct),
            _ => "Rerun the same command: an existing schedule is updated in place.")));
        command.Subcommands.Add(Hidden(Build("submit-tasks", "Job manager: add the pipeline's tasks to the job it runs in ($AZ_BATCH_JOB_ID).", [], [SpecBase64, Job],
            (p, s, ct) => SubmitTasksAsync(p, s, services, ct),
            _ => "Kept: the tasks already added. Batch retries the job manager (azure.taskRetries), which adds only the missing ones.")));
        command.Subcommands.Add(Hidden(Build("run-stage-on-pool", "Launcher: run one stage as its own job on another pool and wait for it.",
            [], [SpecBase64, Stage, Pool, Job, Interval], (p, s, ct) => RunStageOnPoolAsync(p, s, services, ct),
            _ => "Kept: the stage's job, if it was created. A retried launcher finds it and follows it.")));
        command.Subcommands.Add(Hidden(Build("run-stage", "Run one stage here, resuming from what the store holds.", [], [SpecBase64, Stage, Device],
            (p, s, ct) => RunStageAsync(p, s, services, ct),
            _ => "Kept: what the stage had finished (ingested videos, the last checkpoint). A retried task resumes from it.")));
        return command;
    }

    private static async Task<int> RunLocalAsync(ParseResult parse, Settings settings, CliServices services, CancellationToken cancellationToken)
    {
        var spec = SpecLoader.LoadFile(parse.GetValue(SpecFile)!, StageVerbs.All);
        var graph = StageGraph.Build(spec);
        var store = LocalStore(parse, settings, spec);
        var json = parse.GetValue(GlobalOptions.Json);
        Terminal.Log($"pipeline {spec.Name}: {graph.Stages.Count} stages, store {store.Location}");
        var runner = new LocalPipelineRunner(BlobStoreFactory.Create(store), (argv, ct) => RunVerbAsync(services, argv, ct), GlobalArgs(store), Terminal.Log);
        var result = await runner.RunAsync(graph, parse.GetValue(Rerun), cancellationToken).ConfigureAwait(false);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                pipeline = result.Pipeline,
                result.Succeeded,
                result.ExitCode,
                store = result.StoreDescription,
                report = result.ReportPath,
                stages = result.Stages.Select(s => new { id = s.StageId, status = s.Status.ToString(), s.ExitCode, seconds = Math.Round(s.Elapsed.TotalSeconds, 1), s.Note }),
            }, BlobStoreExtensions.Json));
        }
        else
        {
            result.Summary().ToList().ForEach(Console.Out.WriteLine);
        }

        return result.ExitCode;
    }

    private static async Task<int> SubmitAsync(ParseResult parse, Settings settings, CliServices services, CancellationToken cancellationToken)
    {
        var target = parse.GetValue(Target);
        if (target == "local")
        {
            return await RunLocalAsync(parse, settings, services, cancellationToken).ConfigureAwait(false);
        }

        RequireBatch(target);
        var spec = SpecLoader.LoadFile(parse.GetValue(SpecFile)!, StageVerbs.All);
        var jobId = parse.GetValue(RunId) ?? BatchTranslator.DefaultJobId(spec.Name, DateTimeOffset.UtcNow);
        BatchTranslator.ValidateJobId(jobId);
        var dryRun = parse.GetValue(DryRun);
        var batch = ResolveTarget(settings, spec, dryRun, services);
        var translation = BatchTranslator.Translate(spec, batch, jobId);
        foreach (var bundle in batch.Bundles)
        {
            Terminal.Log($"{bundle.Pool.ToString().ToLowerInvariant()} pool {bundle.PoolId}: bundle {bundle.Url} (TorchRuntime={bundle.TorchRuntime})");
        }

        if (dryRun)
        {
            Console.Out.WriteLine(DryRunJson.ForSubmit(spec, translation, batch));
            return ExitCodes.Ok;
        }

        Terminal.Log($"submitting job {jobId} to {batch.BatchEndpoint} (limit {spec.Azure.MaxWallClockTime})");
        var submission = await new BatchPlanSubmitter(Client(batch.BatchEndpoint, settings, services)).SubmitAsync(translation.Job, cancellationToken).ConfigureAwait(false);
        var summary = submission.JobAlreadyFinished
            ? $"Job {jobId} already ran to the end; nothing submitted."
            : $"Job {jobId} {(submission.Job == BatchCreateOutcome.Created ? "created" : "already existed")} on pool {batch.CpuPoolId}: "
                + $"{submission.Tasks?.Added.Count ?? 0} tasks added, {submission.Tasks?.AlreadyExisted.Count ?? 0} already there.";
        Console.Out.WriteLine(summary);
        Console.Out.WriteLine($"Follow it: videossl pipeline status --job {jobId}");
        return ExitCodes.Ok;
    }

    private static async Task<int> StatusAsync(ParseResult parse, Settings settings, CliServices services, CancellationToken cancellationToken)
    {
        var jobId = parse.GetValue(Job) ?? throw new UsageException("--job is required: the Batch job id that submit printed.");
        var given = Account.Bind(settings);
        var endpoint = given.Endpoint ?? services.Environment(BatchTarget.BatchEndpointVariable)
            ?? throw new UsageException($"Set {BatchTarget.BatchEndpointVariable} (azd env get-values) or pass {Account.SettingOf(o => o.Endpoint).Flag}.");

        // The job names its logs container (submit and schedule put it in the metadata); older jobs fall back to the default.
        var fallbackLogs = (given.StorageAccountUrl ?? services.Environment(BatchTarget.StorageAccountVariable)) is { } account
            ? new Uri(account.TrimEnd('/') + "/" + new AzureSpec().LogsContainer)
            : null;
        var client = Client(ParseUrl(endpoint), settings, services);
        var monitor = new BatchJobMonitor(client);
        BatchJobStatus? previous = null;
        while (true)
        {
            var status = await monitor.GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
            var logs = JobStatusReport.LogsContainer(status.Job, fallbackLogs);
            var once = parse.GetValue(Once);
            if (once || status.Outcome != BatchJobOutcome.Running)
            {
                Console.Out.WriteLine(JobStatusReport.Headline(status));
                JobStatusReport.TaskLines(status, logs).ToList().ForEach(Console.Out.WriteLine);
                if (status.Job.PoolInfo?.PoolId is { } poolId && status.Outcome != BatchJobOutcome.Succeeded)
                {
                    var pool = await client.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
                    JobStatusReport.PoolLines(pool, status).ToList().ForEach(Console.Out.WriteLine);
                }

                return status.Outcome == BatchJobOutcome.Failed ? ExitCodes.Failed : ExitCodes.Ok;
            }

            foreach (var task in JobStatusReport.Changed(previous, status))
            {
                Terminal.Log($"{task.Id}: {task.State.ToString().ToLowerInvariant()}");
            }

            Terminal.Log(JobStatusReport.Headline(status));
            if (status.Running == 0 && status.Active > 0 && status.Job.PoolInfo?.PoolId is { } waitingOn)
            {
                var pool = await client.GetPoolAsync(waitingOn, cancellationToken).ConfigureAwait(false);
                JobStatusReport.PoolLines(pool, status).ToList().ForEach(line => Terminal.Log(line.Trim()));
            }

            previous = status;
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(Interval))), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> ScheduleAsync(ParseResult parse, Settings settings, CliServices services, CancellationToken cancellationToken)
    {
        RequireBatch(parse.GetValue(Target));
        var spec = SpecLoader.LoadFile(parse.GetValue(SpecFile)!, StageVerbs.All);
        var dryRun = parse.GetValue(DryRun);
        var batch = ResolveTarget(settings, spec, dryRun, services);
        var schedule = ScheduleTranslator.Translate(spec, batch, DateTimeOffset.UtcNow);
        if (dryRun)
        {
            Console.Out.WriteLine(DryRunJson.ForSchedule(schedule));
            return ExitCodes.Ok;
        }

        var outcome = await Client(batch.BatchEndpoint, settings, services).CreateOrUpdateJobScheduleAsync(schedule, cancellationToken).ConfigureAwait(false);
        Console.Out.WriteLine($"Job schedule {schedule.Id} {(outcome == BatchCreateOutcome.Created ? "created" : "updated")}: every {spec.Schedule!.EveryText}"
            + (schedule.Schedule.DoNotRunUntil is { } first ? $", first run {first:u}" : ", first run now") + ".");
        return ExitCodes.Ok;
    }

    private static Task<int> RunVerbAsync(CliServices services, string[] argv, CancellationToken cancellationToken) =>
        CliApp.Build(services).Parse(argv).InvokeAsync(null, cancellationToken);

    /// <summary>--store on the command line wins; else the spec's store:; else settings and the default folder store.</summary>
    private static StoreOptions LocalStore(ParseResult parse, Settings settings, PipelineSpec spec)
    {
        var options = GlobalOptions.StoreOptions(settings);
        if (!GlobalOptions.Store.FlagGiven(parse, o => o.Location) && spec.Store.Location is { } location)
        {
            options.Location = location;
        }

        if (!GlobalOptions.Store.FlagGiven(parse, o => o.Container) && spec.Store.Container is { } container)
        {
            options.Container = container;
        }

        var problems = options.Validate();
        return problems.Count == 0 ? options : throw new UsageException($"{spec.SourceFile}: " + string.Join("; ", problems));
    }

    private static List<string> GlobalArgs(StoreOptions store)
    {
        var args = new List<string> { "--store", store.Location, "--container", store.Container };
        if (!string.IsNullOrWhiteSpace(store.ManagedIdentityClientId))
        {
            args.AddRange(["--managed-identity-client-id", store.ManagedIdentityClientId]);
        }

        return args;
    }

    private static BatchTarget ResolveTarget(Settings settings, PipelineSpec spec, bool dryRun, CliServices services)
    {
        var placeholders = dryRun ? new List<string>() : null;
        var target = BatchTarget.Resolve(spec.Azure, services.Environment, Account.Bind(settings), placeholders);
        if (placeholders is { Count: > 0 })
        {
            Terminal.Log($"dry run: {string.Join(", ", placeholders)} not set; placeholders shown");
        }

        return target;
    }

    /// <summary>Signs in with the managed identity given by --managed-identity-client-id (nodes), else DefaultAzureCredential.</summary>
    private static BatchClient Client(Uri endpoint, Settings settings, CliServices services) =>
        services.BatchClient(endpoint, GlobalOptions.Store.Bind(settings).ManagedIdentityClientId);

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw new UsageException($"'{text}' is not a URL.");

    private static void RequireBatch(string? target)
    {
        if (target != "batch")
        {
            throw new UsageException($"--target {target}: use batch here (or `videossl pipeline run` for this machine).");
        }
    }

    private static Command Hidden(Command command)
    {
        command.Hidden = true;
        return command;
    }

    private static Command Build(string name, string description, Argument[] arguments, Option[] options,
        Func<ParseResult, Settings, CancellationToken, Task<int>> body, Func<ParseResult, string> afterOutage)
    {
        var command = new Command(name, description);
        foreach (var argument in arguments)
        {
            command.Arguments.Add(argument);
        }

        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        CommandRunner.SetAction(command, body, afterOutage);
        return command;
    }
}
