using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Training;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl pretrain</c>: self-supervised pretraining (masked and future-frame prediction) on ingested clips.</summary>
public static class PretrainCommand
{
    /// <summary>Every <see cref="PretrainOptions"/> property is an option; these are the declarations beyond the generic rules.</summary>
    public static readonly OptionsBinding<PretrainOptions> Binding = new OptionsBinding<PretrainOptions>("Pretrain", o => o.Validate())
        .CommaList(o => o.Dataset)
        .Invert(o => o.Objective.NormalizeTargets, "--raw-targets", "Masked objective against raw pixels instead of per-patch normalized ones.");

    /// <summary>Builds the verb.</summary>
    public static Command Create() => CommandRunner.Verb("pretrain", "Learn a video encoder from unlabeled clips: VideoMAE tube masking and future-frame prediction, mixed per batch. "
        + "Exit codes: 0 done; 1 failed; 130 cancelled (a final checkpoint was written; rerun with --resume).", Binding, RunAsync,
        _ => "Kept: the last checkpoint written to the store. Rerun the same command with --resume to continue from it.");

    private static async Task<int> RunAsync(PretrainOptions options, ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
        var result = await TorchErrors.Guard(() => ProgressDisplay.RunAsync("pretrain", Terminal.Interactive(json), bar =>
            PretrainRunner.RunAsync(options, store, new Relay(bar), cancellationToken))).ConfigureAwait(false);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                result.RunName, result.FirstStep, result.FinalStep, result.Cancelled, result.Device, result.LastCheckpoint, result.MetricsPath, result.LossCurvePath,
                result.TensorBoardFolder, seconds = result.Elapsed.TotalSeconds, finalLoss = (result.Metrics.Count > 0 ? result.Metrics[^1] : null)?.Loss,
            }, BlobStoreExtensions.Json));
        }
        else
        {
            var last = (result.Metrics.Count > 0 ? result.Metrics[^1] : null);
            Console.Out.WriteLine($"Pretrained {result.RunName} on {result.Device}: steps {result.FirstStep}->{result.FinalStep} in {result.Elapsed.TotalSeconds:0} s"
                + (last is null ? "" : $", loss {last.Loss:0.0000} (masked {last.MaskedLoss:0.0000}, future {last.FutureLoss:0.0000}), {last.ClipsPerSecond:0.0} clips/s") + ".");
            Console.Out.WriteLine($"Checkpoint: {store.Description} / {result.LastCheckpoint}");
            if (result.Metrics.LastOrDefault(m => m.ValMaskedLoss is not null || m.ValFutureLoss is not null) is { } validated)
            {
                Console.Out.WriteLine($"Validation at step {validated.Step}: masked {validated.ValMaskedLoss:0.0000}, future {validated.ValFutureLoss:0.0000} (held-out clips).");
            }
            Console.Out.WriteLine($"Metrics: {result.MetricsPath}; loss curve: {result.LossCurvePath}");
            if (result.TensorBoardFolder is { } events)
            {
                Console.Out.WriteLine(store is FolderBlobStore folder
                    ? $"TensorBoard: tensorboard --logdir {folder.GetLocalPath(events)}"
                    : $"TensorBoard: event files in {store.Description} / {events} (download the folder, then tensorboard --logdir it)");
            }
        }
        return result.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
    }

    private sealed class Relay(IProgress<ProgressDisplay.Tick> bar) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Message is not null)
            {
                Terminal.Log(value.Message);
                return;
            }
            var loss = value.Loss is null ? "" : $"loss {value.Loss:0.0000} ";
            bar.Report(new(value.Step, value.TotalSteps, $"{loss}lr {value.LearningRate:0.0e0} {value.ClipsPerSecond:0.0} clips/s ETA {value.Eta:hh\\:mm\\:ss}"));
        }
    }
}
