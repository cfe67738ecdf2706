using System.CommandLine;
using VideoSsl.Cli.Hosting;
using VideoSsl.Storage;
using VideoSsl.Training;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl predict</c>: render context | ground truth | prediction strips (PNG and GIF) for chosen clips.</summary>
public static class PredictCommand
{
    private static readonly Option<string> Run = new("--run") { Description = "Pretraining run whose latest checkpoint to use.", DefaultValueFactory = _ => "pretrain" };
    private static readonly Option<string?> Checkpoint = new("--checkpoint") { Description = "A specific checkpoint blob (default: the run's latest)." };
    private static readonly Option<string?> Dataset = new("--dataset", "-d") { Description = "Dataset to take clips from (default: the one the run trained on)." };
    private static readonly Option<int[]> Clips = new("--clips") { Description = "Clip numbers to render.", DefaultValueFactory = _ => [0, 1, 2, 3], AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> Device = new("--device") { Description = "auto, cpu, cuda.", DefaultValueFactory = _ => "auto" };

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("predict", "Render what the model learned: future-frame strips (context | truth | prediction) and masked reconstructions, as PNG and GIF.");
        foreach (var option in new Option[] { Run, Checkpoint, Dataset, Clips, Device })
        {
            command.Options.Add(option);
        }
        CommandRunner.SetAction(command, RunAsync, _ => "Kept: the pretraining run; strips are written at the end. Rerun the same command.");
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
        var options = new PredictOptions
        {
            RunName = settings.Get(Run, "Predict:Run"),
            CheckpointPath = parse.GetValue(Checkpoint),
            Dataset = parse.GetValue(Dataset),
            Clips = parse.GetValue(Clips) ?? [0],
            Device = settings.Get(Device, "Predict:Device"),
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join("; ", problems));
        }
        var result = await TorchErrors.Guard(() => PredictRunner.RunAsync(options, store, cancellationToken)).ConfigureAwait(false);
        foreach (var clip in result.Clips)
        {
            Console.Out.WriteLine($"clip {clip.Clip}: future MSE {clip.FutureMse:0.0000}  {clip.FuturePng}  {clip.MaskedPng}  {clip.Gif}");
        }
        Console.Out.WriteLine($"Rendered {result.Clips.Count} clips from {result.RunName} step {result.Step} into {store.Description}.");
        return ExitCodes.Ok;
    }
}
