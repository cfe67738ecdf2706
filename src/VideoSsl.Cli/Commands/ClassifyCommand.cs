using System.CommandLine;
using System.Globalization;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Inference.Classification;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl classify</c>: label new videos with a classifier saved by finetune.</summary>
public static class ClassifyCommand
{
    /// <summary>Every <see cref="ClassifyOptions"/> property is an option.</summary>
    public static readonly OptionsBinding<ClassifyOptions> Binding = new OptionsBinding<ClassifyOptions>("Classify", o => o.Validate())
        .ParsePartition(o => o.Videos.Partition)
        .Help(o => o.Videos.Source, "Videos to classify: a video file, a folder, or blob:container/prefix; decoded in-process as the classifier's clips were.");

    /// <summary>Builds the verb.</summary>
    public static Command Create() => CommandRunner.Verb("classify",
        "Label every video of a source with a classifier saved by finetune: its label, probability and every class's probability, the views of each video averaged as evaluate does; "
        + "a video that cannot be decoded gets ingest's quarantine status and reason. Exit codes: 0 every video labeled; 2 some could not be decoded; 1 failed; 130 cancelled.",
        Binding, RunAsync, _ => "Kept: nothing partial (the output is written whole at the end). Rerun the same command.");

    private static async Task<int> RunAsync(ClassifyOptions options, ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var (store, source) = UseSources.Open(options.Videos, settings);
        var report = await TorchErrors.Guard(() => ClassifyRunner.RunAsync(options, store, source!, json ? _ => { } : Terminal.Log, cancellationToken)).ConfigureAwait(false);
        if (json)
        {
            Console.Out.WriteLine(report.ToJson());
        }
        else
        {
            foreach (var video in report.Videos)
            {
                Console.Out.WriteLine(video.Label is { } label
                    ? $"  {label,-16} {(100 * video.Probability!.Value).ToString("0.0", CultureInfo.InvariantCulture),5}%  {video.Path}"
                    : $"  quarantined  {video.Path}: {video.Reason}");
            }
            Console.Out.WriteLine($"{report.Videos.Count - report.Failed} videos classified, {report.Failed} could not be decoded; {report.Seconds:0.0} s.");
        }
        return report.Failed > 0 ? ExitCodes.Quarantined : ExitCodes.Ok;
    }
}
