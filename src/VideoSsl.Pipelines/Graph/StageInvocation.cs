using System.Globalization;
using System.Text.Json;
using VideoSsl.Storage;

namespace VideoSsl.Pipelines.Graph;

/// <summary>The argv a stage runs with right now, and why it differs from the graph's (e.g. "resuming from step 300").</summary>
public sealed record StageInvocation(IReadOnlyList<string> Argv, string? Note)
{
    /// <summary>
    /// Decides what the store changes about a stage's argv. Only pretraining depends on it: with a checkpoint it gets
    /// <c>--resume</c> (so an interrupted run continues, locally or on a retried Batch task), and with <c>resume: true</c> it
    /// trains <c>Steps</c> beyond the latest checkpoint. Local runs and the Batch launcher both call this.
    /// </summary>
    public static async Task<StageInvocation> ResolveAsync(Stage stage, IReadOnlyList<string> argv, IBlobStore store, CancellationToken cancellationToken = default)
    {
        if (stage.Resume is not { } resume)
        {
            return new StageInvocation(argv, null);
        }

        var step = await ReadLatestStepAsync(store, resume.LatestPointer, cancellationToken);
        if (step is null)
        {
            return new StageInvocation(argv, null);
        }

        var resolved = argv.Contains(VerbArgs.ResumeFlag) ? argv.ToList() : [.. argv, VerbArgs.ResumeFlag];
        if (!resume.AddSteps)
        {
            return new StageInvocation(resolved, $"resuming from the checkpoint at step {step}");
        }

        var target = step.Value + resume.Steps;
        var at = resolved.IndexOf(VerbArgs.StepsFlag);
        if (at >= 0 && at + 1 < resolved.Count)
        {
            resolved[at + 1] = target.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            resolved.AddRange([VerbArgs.StepsFlag, target.ToString(CultureInfo.InvariantCulture)]);
        }

        return new StageInvocation(resolved, $"continuing from step {step} to step {target}");
    }

    /// <summary>The step of the checkpoint a latest.json points at, or null when there is none.</summary>
    public static async Task<int?> ReadLatestStepAsync(IBlobStore store, string latestPointer, CancellationToken cancellationToken = default)
    {
        if (!await store.ExistsAsync(latestPointer, cancellationToken))
        {
            return null;
        }

        var text = await store.ReadTextAsync(latestPointer, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, "step", StringComparison.OrdinalIgnoreCase) && property.Value.TryGetInt32(out var step))
                {
                    return step;
                }
            }
        }
        catch (JsonException)
        {
        }

        throw new InvalidDataException($"{latestPointer} in {store.Description} is not a checkpoint pointer (no \"step\"); delete it or fix it to resume.");
    }
}
