using System.CommandLine;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Storage;
using VideoSsl.Training;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl predict</c>: render context | ground truth | prediction strips (PNG and GIF) for chosen clips.</summary>
public static class PredictCommand
{
    /// <summary>Every <see cref="PredictOptions"/> property is an option.</summary>
    public static readonly OptionsBinding<PredictOptions> Binding = new("Predict", o => o.Validate());

    /// <summary>Builds the verb.</summary>
    public static Command Create() => CommandRunner.Verb("predict",
        "Render what the model learned: future-frame strips (context | truth | prediction) and masked reconstructions, as PNG and GIF.",
        Binding, RunAsync, _ => "Kept: the pretraining run; strips are written at the end. Rerun the same command.");

    private static async Task<int> RunAsync(PredictOptions options, ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
        var result = await TorchErrors.Guard(() => PredictRunner.RunAsync(options, store, cancellationToken)).ConfigureAwait(false);
        foreach (var clip in result.Clips)
        {
            Console.Out.WriteLine($"clip {clip.Clip}: future MSE {clip.FutureMse:0.0000}  {clip.FuturePng}  {clip.MaskedPng}  {clip.Gif}");
        }
        Console.Out.WriteLine($"Rendered {result.Clips.Count} clips from {result.RunName} step {result.Step} into {store.Description}.");
        return ExitCodes.Ok;
    }
}
