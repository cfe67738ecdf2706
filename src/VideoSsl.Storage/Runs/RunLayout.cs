namespace VideoSsl.Storage;

/// <summary>Where a run's outputs live in the store (runs/{name}/...), and the pointer to its latest checkpoint.</summary>
/// <remarks>
/// The one place these paths are spelled and latest.json is read: training writes through it, evaluation and
/// prediction find the checkpoint through it (VideoSsl.Training's Checkpoint.FindAsync), and a pipeline reads the step a
/// run has reached from it without loading a tensor library.
/// </remarks>
public sealed record RunLayout(string RunName)
{
    public string Root => $"runs/{RunName}";
    public string Config => $"{Root}/config.json";
    public string Metrics => $"{Root}/metrics.jsonl";
    public string LossCurve => $"{Root}/loss.png";
    public string CheckpointFolder => $"{Root}/checkpoints/";
    public string LatestPointer => $"{Root}/checkpoints/latest.json";
    public string Checkpoint(int step) => $"{Root}/checkpoints/step-{step:D6}.ckpt";
    public string Predictions => $"{Root}/predictions";

    /// <summary>TensorBoard event files: train/ and validation/ below it.</summary>
    public string TensorBoard => $"{Root}/tensorboard";

    /// <summary>The evaluation report's JSON (report.md and the figures lie beside it).</summary>
    public string Report => $"{Root}/report.json";

    /// <summary>A classifier run's fine-tuning result (<c>videossl finetune</c>): test top-1, classes, provenance.</summary>
    public string FinetuneResult => $"{Root}/finetune.json";

    /// <summary>A pipeline's embed stage output (one file per partition beside it on Batch).</summary>
    public string Embeddings => $"{Root}/embeddings.parquet";

    /// <summary>A pipeline's classify stage output (one file per partition beside it on Batch).</summary>
    public string Classifications => $"{Root}/classifications.json";

    /// <summary>The run's latest checkpoint pointer, or null when the run has none.</summary>
    /// <exception cref="InvalidDataException">latest.json exists but is not a pointer (not JSON, or no step); the message names it.</exception>
    public async Task<LatestCheckpoint?> ReadLatestAsync(IBlobStore store, CancellationToken cancellationToken = default)
    {
        var latest = await store.ReadJsonOrDefaultAsync<LatestCheckpoint>(LatestPointer, cancellationToken).ConfigureAwait(false);
        return latest is null or { Step: >= 1 }
            ? latest
            : throw new InvalidDataException($"{LatestPointer} in {store.Description} is not a checkpoint pointer (no \"step\"); delete it or fix it to resume.");
    }

    /// <summary>Points latest.json at <paramref name="latest"/> (after the checkpoint itself is written, so it never points at a partial one).</summary>
    public Task WriteLatestAsync(IBlobStore store, LatestCheckpoint latest, CancellationToken cancellationToken = default) =>
        store.WriteJsonAsync(LatestPointer, latest, cancellationToken);
}

/// <summary>Points at a run's most recent checkpoint; written after the checkpoint itself, so it never points at a partial one.</summary>
public sealed record LatestCheckpoint(int Step, string Path, DateTimeOffset CreatedUtc);
