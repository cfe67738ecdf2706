using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Inference.Classification;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl finetune</c>: fine-tune a pretrained encoder on labeled videos with evaluate's protocol and save the classifier as a run.</summary>
public static class FinetuneCommand
{
    /// <summary>Every <see cref="FinetuneOptions"/> property is an option; these are the formats beyond the generic rules.</summary>
    public static readonly OptionsBinding<FinetuneOptions> Binding = new OptionsBinding<FinetuneOptions>("Finetune", o => o.Validate())
        .Parse(o => o.Layout, EvaluateCommand.ParseLayout, layout => EvaluateCommand.LayoutName(layout))
        .Parse(o => o.LabelsPerClass, FinetuneOptions.ParseLabelsPerClass, FinetuneOptions.FormatLabelsPerClass);

    /// <summary>Builds the verb.</summary>
    public static Command Create() => CommandRunner.Verb("finetune",
        "Fine-tune a pretrained encoder on labeled videos with evaluate's protocol (LP-FT, its schedule and views) and save the classifier under runs/<out-run>/ "
        + "(encoder, head, class names, clip spec, the pretraining run and step); prints the test top-1 when the set has a test split. Exit codes: 0 done; 1 failed; 130 cancelled.",
        Binding, RunAsync, _ => "Kept: labeled videos already ingested (a rerun skips them); the classifier is written only at the end. Rerun the same command.");

    private static async Task<int> RunAsync(FinetuneOptions options, ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var storeOptions = GlobalOptions.StoreOptions(settings);
        if (options.Labeled is { } labeled && labeled.StartsWith("blob:", StringComparison.Ordinal))
        {
            options = options with { Labeled = await LabeledMirror.MirrorAsync(labeled, storeOptions, cancellationToken).ConfigureAwait(false) };
        }
        if (options.Labeled is not null && !Directory.Exists(options.Labeled))
        {
            throw new UsageException($"Labeled folder '{options.Labeled}' does not exist.");
        }
        var store = BlobStoreFactory.Create(storeOptions);
        var result = await TorchErrors.Guard(() => FinetuneRunner.RunAsync(options, store, json ? _ => { } : Terminal.Log, cancellationToken)).ConfigureAwait(false);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, BlobStoreExtensions.Json));
        }
        else
        {
            Console.Out.WriteLine(result.TestTop1 is { } top1
                ? $"Test top-1: {(100 * top1).ToString("0.0", CultureInfo.InvariantCulture)}% on {result.TestVideos} videos ({result.Classes.Count} classes, {result.TrainVideos} training videos, {result.Steps} steps)."
                : $"No test split to score; fine-tuned on {result.TrainVideos} videos of {result.Classes.Count} classes for {result.Steps} steps.");
            Console.Out.WriteLine($"Classifier: {store.Description} / {result.Checkpoint} (run '{result.Run}'; {new RunLayout(result.Run).FinetuneResult}).");
        }
        return ExitCodes.Ok;
    }
}
