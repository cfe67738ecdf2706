using VideoSsl.Cli.Commands;
using VideoSsl.Evaluation.Labeled;
using VideoSsl.Pipelines.Stages;

namespace VideoSsl.Cli.Stages;

/// <summary>The verbs pipeline stages run, each over its own options record, and what the pipeline fills into each.</summary>
/// <remarks>
/// A stage's settings are its verb's: the spec's <c>stages.{verb}:</c> keys are the record's settings, with the verb's
/// flags, parsers and check. To give a new verb a stage, declare its options record and binding as every verb does, add
/// it here with the inputs the pipeline fills, and give the stage its place in the graph (pipelines/README.md, "Adding a stage").
/// </remarks>
public static class StageVerbs
{
    /// <summary>Every stage verb, for <see cref="Pipelines.Spec.SpecLoader"/>.</summary>
    public static IReadOnlyList<IStageVerb> All { get; } =
    [
        new StageVerb<Synth.MovingDigits.MovingDigitsOptions>(["synth", "moving-digits"], SynthCommand.MovingDigits)
            .Fills(StageInput.Out, SynthCommand.Output),
        // Writes its sequences straight into the store as a dataset (no videos): its stage stands in for the dataset's ingest.
        new StageVerb<Synth.MovingDigits.MovingMnistTestOptions>(["synth", "moving-mnist"], SynthCommand.MovingMnistTest)
            .Fills(StageInput.Dataset, o => o.Dataset),
        new StageVerb<Synth.Actions.ActionsOptions>(["synth", "actions"], SynthCommand.Actions)
            .Fills(StageInput.Out, SynthCommand.Output)
            .Writes(EvaluateCommand.LayoutName(LabeledLayout.Ucf101)),
        new StageVerb<Ingestion.IngestOptions>(["ingest"], IngestCommand.Binding)
            .Fills(StageInput.Source, o => o.Source)
            .Fills(StageInput.Dataset, o => o.Dataset)
            .Fills(StageInput.Labels, IngestCommand.Labels, text => EvaluateCommand.ParseLayout(text))
            .Fills(StageInput.Partition, o => o.Partition),
        new StageVerb<Training.PretrainOptions>(["pretrain"], PretrainCommand.Binding)
            .Fills(StageInput.Datasets, o => o.Dataset)
            .Fills(StageInput.Run, o => o.RunName)
            .Fills(StageInput.Resume, o => o.Resume)
            .Knows(StageInput.Steps, o => o.Steps)
            .Knows(StageInput.Generate, o => o.Generate)
            .Knows(StageInput.Device, o => o.Device),
        new StageVerb<Evaluation.Protocols.EvaluateOptions>(["evaluate"], EvaluateCommand.Binding)
            .Fills(StageInput.Run, o => o.Run)
            .Fills(StageInput.Labeled, o => o.Labeled)
            .Fills(StageInput.Layout, o => o.Layout)
            .Knows(StageInput.Dataset, o => o.Dataset)
            .Knows(StageInput.FutureDataset, o => o.FutureDataset)
            .Knows(StageInput.Device, o => o.Device),
        new StageVerb<Inference.Embedding.EmbedOptions>(["embed"], EmbedCommand.Binding)
            .Fills(StageInput.Run, o => o.Run)
            .Fills(StageInput.Out, o => o.Out)
            .Knows(StageInput.Dataset, o => o.Dataset)
            .ReadsSource(),
        new StageVerb<Inference.Classification.ClassifyOptions>(["classify"], ClassifyCommand.Binding)
            .Fills(StageInput.Out, o => o.Out)
            .ReadsSource(),
    ];

    // Embed and classify: the pipeline fills each task's partition; a spec may name the source and the device.
    private static StageVerb<T> ReadsSource<T>(this StageVerb<T> verb)
        where T : class, Inference.Decoding.IReadsVideoSource, new() =>
        verb.Fills(StageInput.Partition, o => o.Videos.Partition)
            .Knows(StageInput.Source, o => o.Videos.Source)
            .Knows(StageInput.Device, o => o.Device);
}
