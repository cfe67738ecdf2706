using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Ingestion;
using VideoSsl.Inference.Embedding;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl embed</c>: clip (or per-video) embeddings of any videos, as Parquet.</summary>
public static class EmbedCommand
{
    /// <summary>Every <see cref="EmbedOptions"/> property is an option.</summary>
    public static readonly OptionsBinding<EmbedOptions> Binding = new OptionsBinding<EmbedOptions>("Embed", o => o.Validate())
        .ParsePartition(o => o.Videos.Partition)
        .Help(o => o.Videos.Source, "Videos to embed: a video file, a folder, or blob:container/prefix; decoded in-process as ingest normalizes them.");

    /// <summary>Builds the verb.</summary>
    public static Command Create() => CommandRunner.Verb("embed",
        "Embed videos with a run's encoder: decoded in-process as ingest normalizes them, one row per clip (or per video) in a Parquet file "
        + "(path, clip, start_seconds, embedding; metadata names the run, step, model and clip spec). " + ExitCodes.Help,
        Binding, RunAsync, _ => "Kept: nothing partial (the file is written whole at the end). Rerun the same command.");

    private static async Task<int> RunAsync(EmbedOptions options, ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var (store, source) = UseSources.Open(options.Videos, settings);
        var report = await TorchErrors.Guard(() => EmbedRunner.RunAsync(options, store, source, json ? _ => { } : Terminal.Log, cancellationToken)).ConfigureAwait(false);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                report.Run, report.Step, report.Out, report.Rows, report.Embedded, report.Quarantined, seconds = Math.Round(report.Seconds, 2),
                videos = report.Videos.Select(v => new { v.Path, v.Status, v.Clips, v.Reason }),
            }, BlobStoreExtensions.Json));
        }
        else
        {
            foreach (var video in report.Videos.Where(v => v.Status == InputStatus.Quarantined))
            {
                Console.Out.WriteLine($"  quarantined  {video.Path}: {video.Reason}");
            }
            Console.Out.WriteLine($"{report.Embedded} videos embedded, {report.Quarantined} quarantined; {report.Rows} rows in {report.Out}; {report.Seconds:0.0} s.");
        }
        return report.Quarantined > 0 ? ExitCodes.Quarantined : ExitCodes.Ok;
    }
}
