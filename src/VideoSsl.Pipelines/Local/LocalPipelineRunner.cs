using System.Diagnostics;
using VideoSsl.Pipelines.Graph;
using VideoSsl.Storage;

namespace VideoSsl.Pipelines.Local;

/// <summary>Runs a stage graph in this process, stage by stage in dependency order, through the CLI's own verbs.</summary>
/// <remarks>
/// A stage is skipped when the pipeline recorded it as finished with the same argv and its done-markers are in the
/// store; anything else is rerun, and the verbs resume their own work (ingest skips finished videos, pretrain continues
/// its checkpoint). Incremental pipelines skip nothing.
/// </remarks>
/// <param name="runVerb">Runs one <c>videossl</c> command line and returns its exit code (the CLI passes its own parser).</param>
/// <param name="globalArgs">Options appended to every verb, e.g. <c>--store data/store</c>.</param>
/// <param name="log">Receives one progress line per event.</param>
public sealed class LocalPipelineRunner(
    IBlobStore store,
    Func<string[], CancellationToken, Task<int>> runVerb,
    IReadOnlyList<string> globalArgs,
    Action<string> log)
{
    /// <summary>The exit code with which ingest reports quarantined inputs: the stage finished, the pipeline goes on.</summary>
    public const int QuarantinedExitCode = 2;

    private const int CancelledExitCode = 130;

    /// <summary>Runs every stage not yet done; stops at the first failure. <paramref name="rerun"/> ignores done-markers.</summary>
    public async Task<PipelineRunResult> RunAsync(StageGraph graph, bool rerun = false, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<StageOutcome>();
        var stopped = false;
        for (var i = 0; i < graph.Stages.Count; i++)
        {
            var stage = graph.Stages[i];
            var label = $"[{i + 1}/{graph.Stages.Count}] {stage.Id}";
            if (stopped)
            {
                outcomes.Add(new StageOutcome(stage.Id, StageStatus.NotRun, 0, TimeSpan.Zero));
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                outcomes.Add(new StageOutcome(stage.Id, StageStatus.Cancelled, CancelledExitCode, TimeSpan.Zero));
                stopped = true;
                continue;
            }

            if (!rerun && !graph.Incremental && await IsDoneAsync(graph, stage, cancellationToken))
            {
                log($"{label}: skipped, already done ({string.Join("; ", stage.DoneMarkers.Select(m => m.Describe()))})");
                outcomes.Add(new StageOutcome(stage.Id, StageStatus.Skipped, 0, TimeSpan.Zero));
                continue;
            }

            var outcome = await RunStageAsync(graph, stage, label, cancellationToken);
            outcomes.Add(outcome);
            stopped = outcome.Status is StageStatus.Failed or StageStatus.Cancelled;
        }

        return new PipelineRunResult(graph.Name, outcomes, store.Description, graph.ReportPath);
    }

    private async Task<StageOutcome> RunStageAsync(StageGraph graph, Stage stage, string label, CancellationToken cancellationToken)
    {
        var invocation = await StageInvocation.ResolveAsync(stage, stage.Argv, store, cancellationToken);
        string[] argv = [.. invocation.Argv, .. globalArgs];
        log($"{label}: videossl {string.Join(" ", argv)}{(invocation.Note is null ? "" : $" ({invocation.Note})")}");
        var clock = Stopwatch.StartNew();
        var exit = await runVerb(argv, cancellationToken);
        var elapsed = clock.Elapsed;

        if (exit == 0 || (exit == QuarantinedExitCode && stage.Kind is StageKind.Ingest or StageKind.Embed or StageKind.Classify))
        {
            var quarantined = exit == QuarantinedExitCode;
            log($"{label}: done in {elapsed.TotalSeconds:0.0} s{(quarantined ? "; some inputs were quarantined (see above), continuing" : "")}");
            // The stage finished: record it even if Ctrl+C arrived meanwhile, so a rerun skips it.
            await StageRecord.WriteAsync(store, graph.Run, stage, exit, CancellationToken.None);
            return new StageOutcome(stage.Id, quarantined ? StageStatus.DoneWithQuarantine : StageStatus.Done, exit, elapsed, invocation.Note);
        }

        if (exit == CancelledExitCode || cancellationToken.IsCancellationRequested)
        {
            log($"{label}: cancelled after {elapsed.TotalSeconds:0.0} s; rerun to continue where it stopped");
            return new StageOutcome(stage.Id, StageStatus.Cancelled, exit, elapsed);
        }

        log($"{label}: failed with exit code {exit} after {elapsed.TotalSeconds:0.0} s; the stages after it were not run");
        return new StageOutcome(stage.Id, StageStatus.Failed, exit, elapsed, $"exit code {exit}");
    }

    private async Task<bool> IsDoneAsync(StageGraph graph, Stage stage, CancellationToken cancellationToken) =>
        await StageRecord.MatchesAsync(store, graph.Run, stage, cancellationToken)
        && await DoneMarkerProbe.FirstMissingAsync(stage.DoneMarkers, store, cancellationToken) is null;
}
