using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Evaluation.Labeled;
using VideoSsl.Evaluation.Protocols;
using VideoSsl.Evaluation.Reporting;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl evaluate</c>: what pretraining bought, on a small labeled set and on held-out future frames.</summary>
public static class EvaluateCommand
{
    private static readonly Option<string> Run = new("--run") { Description = "Pretraining run to evaluate (its latest checkpoint); the report goes to runs/<run>/.", DefaultValueFactory = _ => "pretrain" };
    private static readonly Option<string?> Labeled = new("--labeled") { Description = "Folder (or blob:<container>/<prefix>) of labeled videos: folder per class, UCF101 (classInd.txt + lists), Kinetics CSV or VideoMAE list files." };
    private static readonly Option<string> Layout = new("--layout") { Description = "Annotation layout of --labeled: auto, folder (folder per class), ucf101, kinetics, videomae.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> Dataset = new("--dataset", "-d") { Description = "Name the labeled clips are ingested under.", DefaultValueFactory = _ => "labeled" };
    private static readonly Option<string> PerClass = new("--labels-per-class") { Description = "Labeled training videos per class, comma-separated for several budgets (e.g. 1,5,10).", DefaultValueFactory = _ => "10" };
    private static readonly Option<double?> Fraction = new("--label-fraction") { Description = "Instead of --labels-per-class: this fraction of each class's training videos." };
    private static readonly Option<string> Seeds = new("--seeds") { Description = "Comma-separated seeds; each budget runs once per seed.", DefaultValueFactory = _ => "0" };
    private static readonly Option<int> ProbeEpochs = new("--probe-epochs") { Description = "Full-batch steps of the linear probe.", DefaultValueFactory = _ => 300 };
    private static readonly Option<int> FinetuneSteps = new("--finetune-steps") { Description = "Fine-tuning steps (same budget for pretrained and scratch).", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> FinetuneBatch = new("--finetune-batch") { Description = "Clips per fine-tuning step.", DefaultValueFactory = _ => 8 };
    private static readonly Option<double> FinetuneLr = new("--finetune-lr") { Description = "Fine-tuning peak learning rate.", DefaultValueFactory = _ => 5e-4 };
    private static readonly Option<int> Views = new("--views") { Description = "Clips per test video averaged at test time.", DefaultValueFactory = _ => 3 };
    private static readonly Option<string?> FutureDataset = new("--future-dataset") { Description = "Ingested dataset of held-out clips for future-frame quality (MSE, MAE, SSIM, PSNR vs copy-last and mean-frame)." };
    private static readonly Option<int> FutureClips = new("--future-clips") { Description = "Held-out clips scored.", DefaultValueFactory = _ => 200 };
    private static readonly Option<string> Device = new("--device") { Description = "auto, cpu, cuda.", DefaultValueFactory = _ => "auto" };

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("evaluate", "Linear probe and fine-tuning of the pretrained encoder next to a random/scratch one on the same few-label splits, "
            + "future-frame quality next to baselines; writes runs/<run>/report.md, report.json and figures. Exit codes: 0 done (targets are reported, not enforced); 1 failed; 130 cancelled.");
        foreach (var option in new Option[] { Run, Labeled, Layout, Dataset, PerClass, Fraction, Seeds, ProbeEpochs, FinetuneSteps, FinetuneBatch, FinetuneLr, Views, FutureDataset, FutureClips, Device })
        {
            command.Options.Add(option);
        }
        CommandRunner.SetAction(command, RunAsync, _ => "Kept: labeled videos already ingested (a rerun skips them); the report is written only at the end. Rerun the same command.");
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
        var options = new EvaluateOptions
        {
            Run = settings.Get(Run, "Evaluate:Run"),
            Labeled = settings.Get(Labeled, "Evaluate:Labeled"),
            Layout = ParseLayout(settings.Get(Layout, "Evaluate:Layout")),
            Dataset = settings.Get(Dataset, "Evaluate:Dataset"),
            LabelsPerClass = Ints(settings.Get(PerClass, "Evaluate:LabelsPerClass"), "--labels-per-class"),
            LabelFraction = settings.Get(Fraction, "Evaluate:LabelFraction"),
            Seeds = Ints(settings.Get(Seeds, "Evaluate:Seeds"), "--seeds"),
            ProbeEpochs = settings.Get(ProbeEpochs, "Evaluate:ProbeEpochs"),
            FinetuneSteps = settings.Get(FinetuneSteps, "Evaluate:FinetuneSteps"),
            FinetuneBatch = settings.Get(FinetuneBatch, "Evaluate:FinetuneBatch"),
            FinetuneLearningRate = settings.Get(FinetuneLr, "Evaluate:FinetuneLearningRate"),
            Views = settings.Get(Views, "Evaluate:Views"),
            FutureDataset = settings.Get(FutureDataset, "Evaluate:FutureDataset"),
            FutureClips = settings.Get(FutureClips, "Evaluate:FutureClips"),
            Device = settings.Get(Device, "Evaluate:Device"),
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join("; ", problems));
        }
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
            Console.Out.WriteLine(JsonSerializer.Serialize(new { written.Folder, written.Markdown, written.Json, targets = report.Targets.Select(t => new { t.Name, t.Target, t.Actual, t.Passed }) }, BlobStoreExtensions.Json));
        }
        else
        {
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

    private static int[] Ints(string text, string option)
    {
        try
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        }
        catch (FormatException)
        {
            throw new UsageException($"{option}: '{text}' is not a comma-separated list of integers.");
        }
    }
}
