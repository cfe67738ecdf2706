using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Evaluation.Labeled;
using VideoSsl.Evaluation.Protocols;
using VideoSsl.Evaluation.Reporting;
using VideoSsl.Evaluation.Reporting.Figures;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl evaluate</c>: what pretraining bought, on a small labeled set and on held-out future frames.</summary>
public static class EvaluateCommand
{
    /// <summary>Every <see cref="EvaluateOptions"/> property is an option; these are the formats beyond the generic rules.</summary>
    public static readonly OptionsBinding<EvaluateOptions> Binding = new OptionsBinding<EvaluateOptions>("Evaluate", o => o.Validate())
        .Parse(o => o.Layout, ParseLayout, layout => LayoutName(layout))
        .Parse(o => o.LabelsPerClass, EvaluateOptions.ParseLabelsPerClass, EvaluateOptions.Format);

    /// <summary>Builds the verb.</summary>
    public static Command Create() => CommandRunner.Verb("evaluate", "Linear probe and fine-tuning of the pretrained encoder next to a random/scratch one on the same few-label splits, "
        + "future-frame quality next to baselines; writes runs/<run>/report.md, report.json and figures. Exit codes: 0 done (targets are reported, not enforced); 1 failed; 130 cancelled.",
        Binding, RunAsync, _ => "Kept: labeled videos already ingested (a rerun skips them); the report is written only at the end. Rerun the same command.");

    private static async Task<int> RunAsync(EvaluateOptions options, ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
        if (options.Labeled is { } labeled && labeled.StartsWith("blob:", StringComparison.Ordinal))
        {
            // Annotations and videos of a labeled set in blob storage are mirrored to a local folder once; reruns reuse it.
            options = options with { Labeled = await LabeledMirror.MirrorAsync(labeled, GlobalOptions.StoreOptions(settings), cancellationToken).ConfigureAwait(false) };
        }
        if (options.Labeled is not null && !Directory.Exists(options.Labeled))
        {
            throw new UsageException($"Labeled folder '{options.Labeled}' does not exist.");
        }
        var reproduce = "videossl " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        var (report, written) = await TorchErrors.Guard(() => EvaluateRunner.RunAsync(options, store, Terminal.Log, reproduce, cancellationToken)).ConfigureAwait(false);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { written.Folder, written.Markdown, written.Json, labelCurve = report.LabelCurve, targets = report.Targets.Select(t => new { t.Name, t.Target, t.Actual, t.Passed }) }, BlobStoreExtensions.Json));
        }
        else
        {
            // The headline: top-1 (%) at each label budget, mean ± std over seeds [95 % Wilson interval].
            foreach (var method in report.LabelCurve.GroupBy(p => p.Protocol))
            {
                Console.Out.WriteLine($"{FigureStyle.Name(method.Key)}: " + string.Join("; ", method.Select(p => $"{p.Budget} {AccuracyText.Cell(p)}")));
            }
            foreach (var target in report.Targets)
            {
                Console.Out.WriteLine($"{(target.Passed ? "met    " : "MISSED ")} {target.Name}: {target.Actual:0.###} {target.Unit} (target {(target.Direction == TargetDirection.AtLeast ? ">=" : "<=")} {target.Target} {target.Unit})");
            }
            Console.Out.WriteLine($"Report: {store.Description} / {written.Markdown} (and {written.Json}, {written.Figures.Count} figures)");
        }
        return ExitCodes.Ok;
    }

    /// <summary>Parses a layout name as the command line spells it.</summary>
    public static LabeledLayout ParseLayout(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => LabeledLayout.Auto,
        "folder" or "folder-per-class" or "folderperclass" => LabeledLayout.FolderPerClass,
        "ucf101" => LabeledLayout.Ucf101,
        "kinetics" => LabeledLayout.Kinetics,
        "videomae" => LabeledLayout.VideoMae,
        _ => throw new UsageException($"--layout: '{text}' is not one of auto, folder, ucf101, kinetics, videomae."),
    };

    /// <summary>The command line's name of a layout.</summary>
    public static string LayoutName(LabeledLayout layout) => layout == LabeledLayout.FolderPerClass ? "folder" : layout.ToString().ToLowerInvariant();
}
