using System.CommandLine;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Commands;
using VideoSsl.Cli.Hosting;

namespace VideoSsl.Cli;

/// <summary>The <c>videossl</c> command tree.</summary>
public static class CliApp
{
    /// <summary>Builds the root command with every verb; <paramref name="services"/> replaces the environment and Batch service (tests).</summary>
    public static RootCommand Build(CliServices? services = null)
    {
        var root = new RootCommand("VideoSsl: self-supervised learning on video. Turns raw video into clips, a pretrained encoder, and a report on what pretraining bought.");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(PretrainCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(FinetuneCommand.Create());
        root.Subcommands.Add(ClassifyCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(PipelineCommand.Create(services ?? CliServices.Default));
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    /// <summary>Every options record bound from the command line, the environment and the settings file, with the command that takes it (none: every command).</summary>
    public static IReadOnlyList<(string[] Command, IOptionsBinding Binding)> Bindings { get; } =
    [
        ([], GlobalOptions.Store),
        (["synth", "moving-digits"], SynthCommand.MovingDigits),
        (["synth", "actions"], SynthCommand.Actions),
        (["synth", "moving-mnist"], SynthCommand.MovingMnistTest),
        (["ingest"], IngestCommand.Binding),
        (["pretrain"], PretrainCommand.Binding),
        (["predict"], PredictCommand.Binding),
        (["evaluate"], EvaluateCommand.Binding),
        (["embed"], EmbedCommand.Binding),
        (["finetune"], FinetuneCommand.Binding),
        (["classify"], ClassifyCommand.Binding),
        (["inspect"], InspectCommand.Binding),
        (["pipeline", "status"], PipelineCommand.Account),
        (["bench", "ingest"], BenchCommand.Ingest),
        (["bench", "pretrain-input"], BenchCommand.PretrainInput),
        (["bench", "pretrain-memory"], BenchCommand.PretrainMemory),
        (["bench", "embed"], BenchCommand.Embed),
    ];
}
