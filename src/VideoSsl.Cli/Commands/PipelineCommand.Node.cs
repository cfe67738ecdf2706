using System.CommandLine;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Cli.Stages;
using VideoSsl.Cloud.Batch.Plan;
using VideoSsl.Pipelines.Batch;
using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Spec;
using VideoSsl.Pipelines.Stages;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

// The hidden subcommands that run on Azure Batch nodes: the job manager adding a scheduled job's tasks, the launcher of a
// stage on another pool, and one stage run in its task.
public static partial class PipelineCommand
{
    /// <summary>
    /// The job manager of a scheduled job: adds the pipeline's tasks to the job it runs in, whose id Batch gave it
    /// ({schedule}:job-{n}). It creates nothing and changes no job setting: the schedule's job specification has them.
    /// </summary>
    private static async Task<int> SubmitTasksAsync(ParseResult parse, Settings settings, CliServices services, CancellationToken cancellationToken)
    {
        var spec = SpecLoader.FromBase64(parse.GetValue(SpecBase64)!, "--spec-base64", StageVerbs.All);
        var jobId = parse.GetValue(Job) ?? services.Environment(BatchNode.JobIdVariable)
            ?? throw new UsageException($"--job is required outside a Batch job manager ({BatchNode.JobIdVariable} is not set).");
        var batch = ResolveTarget(settings, spec, dryRun: false, services);
        var translation = BatchTranslator.TranslateForRunningJob(spec, batch, jobId);
        var added = await new BatchPlanSubmitter(Client(batch.BatchEndpoint, settings, services)).AddToRunningJobAsync(translation.Job, cancellationToken).ConfigureAwait(false);
        Console.Out.WriteLine($"{added.Added.Count} tasks added to job {jobId}, {added.AlreadyExisted.Count} already there.");
        return ExitCodes.Ok;
    }

    private static async Task<int> RunStageOnPoolAsync(ParseResult parse, Settings settings, CliServices services, CancellationToken cancellationToken)
    {
        var spec = SpecLoader.FromBase64(parse.GetValue(SpecBase64)!, "--spec-base64", StageVerbs.All);
        var stage = StageGraph.Build(spec)[parse.GetValue(Stage)!];
        if (!string.Equals(stage.Pool.ToString(), parse.GetValue(Pool), StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"Stage {stage.Id} runs on the {stage.Pool.ToString().ToLowerInvariant()} pool, not {parse.GetValue(Pool)}.");
        }

        var batch = ResolveTarget(settings, spec, dryRun: false, services);
        var parent = services.Environment(BatchNode.JobIdVariable);
        var jobId = parse.GetValue(Job) ?? BatchTranslator.StageJobId(parent ?? spec.Name, stage.Id);
        var launcher = new PoolStageLauncher(Client(batch.BatchEndpoint, settings, services), Terminal.Log);
        return await launcher.RunAsync(spec, stage.Id, jobId, batch, TimeSpan.FromSeconds(Math.Max(5, parse.GetValue(Interval))), parent, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunStageAsync(ParseResult parse, Settings settings, CliServices services, CancellationToken cancellationToken)
    {
        var spec = SpecLoader.FromBase64(parse.GetValue(SpecBase64)!, "--spec-base64", StageVerbs.All);
        var stage = StageGraph.Build(spec)[parse.GetValue(Stage)!];
        var device = parse.GetValue(Device);
        if (device is not null && !stage.Flags.ContainsKey(StageInput.Device))
        {
            throw new UsageException($"--device applies to stages whose verb takes a device (pretrain, evaluate), not {stage.Id}.");
        }

        var options = GlobalOptions.StoreOptions(settings);
        var invocation = await StageInvocation.ResolveAsync(stage, stage.Argv, BlobStoreFactory.Create(options), cancellationToken).ConfigureAwait(false);
        string[] argv = device is null
            ? [.. invocation.Argv, .. GlobalArgs(options)]
            : [.. Without(invocation.Argv, stage.Flags[StageInput.Device]), stage.Flags[StageInput.Device], device, .. GlobalArgs(options)];
        Terminal.Log($"{stage.Id}: videossl {string.Join(" ", argv)}{(invocation.Note is null ? "" : $" ({invocation.Note})")}");
        return await RunVerbAsync(services, argv, cancellationToken).ConfigureAwait(false);
    }

    // The node's --device replaces the one a spec may give its stage (pretrain: device:), so the verb gets the flag once.
    private static IReadOnlyList<string> Without(IReadOnlyList<string> argv, string flag) =>
        [.. argv.Where((a, i) => a != flag && (i == 0 || argv[i - 1] != flag))];
}
