using VideoSsl.Evaluation.Protocols;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Training;
using VideoSsl.Training.Supervised;

namespace VideoSsl.Inference.Classification;

/// <summary>What <c>videossl finetune</c> wrote: runs/{OutRun}/finetune.json holds this.</summary>
/// <param name="TestTop1">Multi-view top-1 on the labeled set's test split; null when it has none.</param>
public sealed record FinetuneResult(
    double? TestTop1, int TestVideos, IReadOnlyList<string> Classes, int TrainVideos, int Steps, string LabelsPerClass, int Seed,
    string Run, string PretrainRun, int PretrainStep, string Checkpoint);

/// <summary>Fine-tunes a pretrained encoder with evaluate's protocol (<see cref="ClassificationProtocols.TrainClassifier"/>) and saves the classifier as a run of its own.</summary>
public static class FinetuneRunner
{
    /// <summary>Trains, writes the classifier checkpoint, then runs/{OutRun}/finetune.json; returns what that file holds.</summary>
    public static async Task<FinetuneResult> RunAsync(FinetuneOptions options, IBlobStore store, Action<string> log, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid finetune options: " + string.Join("; ", problems));
        }
        TorchRuntime.EnsureLoaded();
        var device = TorchRuntime.ResolveDevice(options.Device);
        var checkpoint = await Checkpoint.FindAsync(store, options.Run, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (checkpoint.Header.Classifier is not null)
        {
            throw new CheckpointException($"Run '{options.Run}' holds a classifier, not a pretrained encoder; fine-tune its pretraining run '{checkpoint.Header.Classifier.PretrainRun}'.");
        }
        var config = checkpoint.Header.Model;
        var evaluate = options.ToEvaluateOptions();
        var spec = LabeledClips.SpecFor(config);
        log($"Fine-tuning run '{options.Run}' (step {checkpoint.Header.Step}, {config.Describe()}) on {TorchRuntime.Describe(device)}.");
        var labeled = await LabeledClips.LoadAsync(store, evaluate, spec, log, cancellationToken, requireTest: false).ConfigureAwait(false);
        var budget = evaluate.Budgets().Single();

        // All tensor work on one dedicated thread; only bytes leave it.
        var (saved, test, steps, trainVideos) = await Task.Factory.StartNew(() =>
        {
            var protocols = new ClassificationProtocols(labeled, evaluate, () => PretrainedModel.FromCheckpoint(checkpoint, device), config, device, log);
            using var kept = protocols.TrainClassifier(budget, options.Seed, cancellationToken);
            var info = new ClassifierInfo(labeled.Classes, spec, evaluate.Views, options.Run, checkpoint.Header.Step);
            return (ClassifierCheckpoint.Create(kept.Classifier, kept.Steps, checkpoint, info), kept.Test, kept.Steps, kept.TrainVideos);
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);

        var run = new RunLayout(options.OutRun!);
        var path = await saved.WriteAsync(store, run, keep: 1, cancellationToken).ConfigureAwait(false);
        var result = new FinetuneResult(test?.Result.Top1, test?.Result.Samples ?? 0, labeled.Classes, trainVideos,
            steps, FinetuneOptions.FormatLabelsPerClass(options.LabelsPerClass), options.Seed, options.OutRun!, options.Run, checkpoint.Header.Step, path);
        await store.WriteJsonAsync(run.FinetuneResult, result, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
