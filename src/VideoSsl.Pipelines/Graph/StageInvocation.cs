using System.Globalization;
using VideoSsl.Pipelines.Stages;
using VideoSsl.Storage;

namespace VideoSsl.Pipelines.Graph;

/// <summary>The argv a stage runs with right now, and why it differs from the graph's (e.g. "resuming from step 300").</summary>
public sealed record StageInvocation(IReadOnlyList<string> Argv, string? Note)
{
    /// <summary>
    /// Decides what the store changes about a stage's argv. Only pretraining depends on it: with a checkpoint it gets
    /// its resume flag (so an interrupted run continues, locally or on a retried Batch task), and with <c>resume: true</c>
    /// it trains <c>Steps</c> beyond the latest checkpoint. Local runs and the Batch launcher both call this.
    /// </summary>
    public static async Task<StageInvocation> ResolveAsync(Stage stage, IReadOnlyList<string> argv, IBlobStore store, CancellationToken cancellationToken = default)
    {
        if (stage.Resume is not { } resume || await resume.Run.ReadLatestAsync(store, cancellationToken) is not { } latest)
        {
            return new StageInvocation(argv, null);
        }

        var resumeFlag = stage.Flags[StageInput.Resume];
        var resolved = argv.Contains(resumeFlag) ? argv.ToList() : [.. argv, resumeFlag];
        if (!resume.AddSteps)
        {
            return new StageInvocation(resolved, $"resuming from the checkpoint at step {latest.Step}");
        }

        var target = (latest.Step + resume.Steps).ToString(CultureInfo.InvariantCulture);
        var stepsFlag = stage.Flags[StageInput.Steps];
        var at = resolved.IndexOf(stepsFlag);
        if (at >= 0 && at + 1 < resolved.Count)
        {
            resolved[at + 1] = target;
        }
        else
        {
            resolved.AddRange([stepsFlag, target]);
        }

        return new StageInvocation(resolved, $"continuing from step {latest.Step} to step {target}");
    }
}
