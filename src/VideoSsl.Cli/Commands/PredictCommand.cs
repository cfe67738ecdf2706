using System.CommandLine;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Storage;
using VideoSsl.Training;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl predict</c>: render context | ground truth | prediction strips (PNG and GIF) for chosen clips.</summary>
public static class PredictCommand
{
    /// <summary>Every <see cref="PredictOptions"/> property is an option; these are the names that differ from the generic ones.</summary>
    public static readonly OptionsBinding<PredictOptions> Binding = new OptionsBinding<PredictOptions>("Predict")
        .Flag(o => o.RunName, "--run")
        .Flag(o => o.CheckpointPath, "--checkpoint")
        .Flag(o => o.Dataset, "--dataset", "-d")
        .Flag(o => o.CacheDirectory, "--cache");

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("predict", "Render what the model learned: future-frame strips (context | truth | prediction) and masked reconstructions, as PNG and GIF. "
            + Binding.ConfigurationHelp);
        Binding.AddTo(command);
        CommandRunner.SetAction(command, RunAsync, _ => "Kept: the pretraining run; strips are written at the end. Rerun the same command.");
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
        var options = Binding.Bind(settings);
        UsageException.ThrowIfAny(options.Validate());
        var result = await TorchErrors.Guard(() => PredictRunner.RunAsync(options, store, cancellationToken)).ConfigureAwait(false);
        foreach (var clip in result.Clips)
        {
            Console.Out.WriteLine($"clip {clip.Clip}: future MSE {clip.FutureMse:0.0000}  {clip.FuturePng}  {clip.MaskedPng}  {clip.Gif}");
        }
        Console.Out.WriteLine($"Rendered {result.Clips.Count} clips from {result.RunName} step {result.Step} into {store.Description}.");
        return ExitCodes.Ok;
    }
}
