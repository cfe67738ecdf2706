using System.Diagnostics;
using VideoSsl.Clips.Datasets;
using VideoSsl.Models;
using VideoSsl.Storage;

namespace VideoSsl.Training;

/// <summary>Entry point of `videossl pretrain`: validates, resumes, trains on a dedicated thread, and writes checkpoints, metrics and the loss curve.</summary>
public static class PretrainRunner
{
    // Held-out clips drawn into TensorBoard at each checkpoint.
    private const int StripClips = 4;

    /// <summary>Runs (or resumes) a pretraining run. Cancelling writes a final checkpoint and returns normally with <see cref="PretrainResult.Cancelled"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    /// <exception cref="CheckpointException">Resuming is impossible: no, corrupt or incompatible checkpoint.</exception>
    /// <exception cref="TorchRuntimeException">The native runtime or the device is unavailable.</exception>
    public static async Task<PretrainResult> RunAsync(PretrainOptions options, IBlobStore store, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var device = TrainingStart.Runtime(options);
        progress?.Report(new TrainingProgress(0, options.Steps, Message: $"Training on {TorchRuntime.Describe(device)}."));

        var run = new RunLayout(options.RunName);
        var latest = await Checkpoint.ReadLatestAsync(store, run, cancellationToken).ConfigureAwait(false);
        if (options.Resume && latest is null)
        {
            throw new CheckpointException($"Run '{options.RunName}' has no checkpoint in {store.Description} to resume from; start it without --resume.");
        }
        if (!options.Resume && latest is not null)
        {
            throw new CheckpointException($"Run '{options.RunName}' already has checkpoints (latest at step {latest.Header.Step}); add --resume to continue it, or pick another run name.");
        }

        var datasets = options.TrainingData();
        if (latest is not null && !string.Equals(latest.Header.Signature.Dataset, datasets, StringComparison.Ordinal))
        {
            var trained = latest.Header.Signature.Dataset;
            var resumeWith = trained.StartsWith(PretrainOptions.GeneratedPrefix, StringComparison.Ordinal) ? $"--generate {trained[PretrainOptions.GeneratedPrefix.Length..]}" : $"--dataset {trained}";
            throw new CheckpointException($"Cannot resume run '{options.RunName}' from step {latest.Header.Step}: it was trained on dataset(s) '{trained}', not '{datasets}'; "
                + $"resume with {resumeWith} (same names, same order), or start a new run to train on other data.");
        }
        // Several datasets are always opened at their current versions; the signature check below refuses a resume if any changed.
        var version = options.DatasetVersion ?? (options.DatasetNames().Count == 1 ? latest?.Header.Signature.DatasetVersion : null);
        var input = options.Generate is null
            ? await TrainingInput.FromStoreAsync(options, store, version, device, cancellationToken).ConfigureAwait(false)
            : await TrainingInput.GeneratedAsync(options, device, cancellationToken).ConfigureAwait(false);
        var config = input.Config;
        var signature = options.Signature(input.Version);
        if (latest is not null)
        {
            var incompatible = latest.Incompatibilities(config, signature);
            if (incompatible.Count > 0)
            {
                // The held-out videos must stay held out (and the trained ones trained on): a run keeps its hold-out for life.
                var holdOutHint = latest.Header.Signature.ValidationVideos != signature.ValidationVideos
                    ? $" Resume with --validation-videos {latest.Header.Signature.ValidationVideos}." : "";
                throw new CheckpointException($"Cannot resume run '{options.RunName}' from step {latest.Header.Step} with these options: " + string.Join("; ", incompatible) + "." + holdOutHint);
            }
            if (latest.Header.Step >= options.Steps)
            {
                progress?.Report(new TrainingProgress(latest.Header.Step, options.Steps, Message: $"Run '{options.RunName}' already reached step {latest.Header.Step}; raise --steps to train further."));
            }
        }
        await store.WriteJsonAsync(run.Config, new { options, model = config, datasetVersion = input.Version, device = device.ToString() }, cancellationToken).ConfigureAwait(false);

        var firstStep = latest?.Header.Step ?? 0;
        var metrics = new MetricsLog(store, run);
        if (latest is not null)
        {
            await metrics.LoadAsync(firstStep, cancellationToken).ConfigureAwait(false);
            progress?.Report(new TrainingProgress(firstStep, options.Steps, Message: $"Resumed run '{options.RunName}' from step {firstStep}."));
        }
        var validation = input.Validation.Count == 0 ? null : new ValidationLosses(input.Validation, config, options.Objective, options.Input.BatchSize);
        if (input.Message is not null)
        {
            progress?.Report(new TrainingProgress(firstStep, options.Steps, Message: input.Message));
        }
        using var tensorBoard = options.TensorBoard ? TensorBoardLog.Open(store, run) : null;

        string? lastCheckpoint = null;
        var lastFlush = Stopwatch.StartNew();
        // Tensors live only on this dedicated thread; the store is reached from it by blocking on async calls
        // (checkpoints are rare, metrics flushes are small), never by handing tensors to async code.
        var (finalStep, cancelled) = await Task.Factory.StartNew(() =>
        {
            var pipeline = input.Open((long)firstStep * options.GradAccumulation);
            using var stopPipeline = pipeline as IDisposable;
            using var loop = new PretrainLoop(options, config, signature, device, latest);
            var wasCancelled = loop.Run(pipeline,
                checkpoint =>
                {
                    lastCheckpoint = checkpoint.WriteAsync(store, run, options.KeepCheckpoints, CancellationToken.None).GetAwaiter().GetResult();
                    metrics.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
                    tensorBoard?.UploadAsync(CancellationToken.None).GetAwaiter().GetResult();
                    lastFlush.Restart();
                    return lastCheckpoint;
                },
                line =>
                {
                    metrics.Add(line);
                    tensorBoard?.Log(line);
                    if (lastFlush.Elapsed > TimeSpan.FromSeconds(30))
                    {
                        metrics.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
                        lastFlush.Restart();
                    }
                },
                progress, cancellationToken, validation: validation,
                beforeCheckpoint: tensorBoard is null || validation is null ? null : step => tensorBoard.Strips(validation.Strips(loop.Model, device, StripClips), step));
            return (loop.Step, wasCancelled);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);

        await metrics.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (tensorBoard is not null)
        {
            await tensorBoard.UploadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        string? curve = null;
        if (metrics.Lines.Count > 0)
        {
            await store.WriteBytesAsync(run.LossCurve, LossCurve.RenderPng(metrics.Lines, $"{options.RunName}: {config.Describe()}"), CancellationToken.None).ConfigureAwait(false);
            curve = run.LossCurve;
        }
        return new PretrainResult(options.RunName, firstStep, finalStep, cancelled, TorchRuntime.Describe(device), metrics.Lines,
            lastCheckpoint ?? (latest is null ? null : run.Checkpoint(latest.Header.Step)), run.Metrics, curve, clock.Elapsed, tensorBoard?.StoreFolder);
    }
}
