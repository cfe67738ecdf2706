using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Clips;
using VideoSsl.Evaluation.Labeled;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl ingest</c>: decode videos into fixed-length clips in the store.</summary>
public static class IngestCommand
{
    private static readonly Option<string?> Source = new("--source", "-s") { Description = "A folder of videos, or blob:<container>/<prefix> for videos in the store's account (or Ingest:Source in settings)." };
    private static readonly Option<string> Dataset = new("--dataset", "-d") { Description = "Dataset name the clips are stored under.", DefaultValueFactory = _ => "default" };
    private static readonly Option<double> Fps = new("--fps") { Description = "Constant frame rate clips are resampled to.", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> Size = new("--size") { Description = "Side of the square frames: short side scaled to this, long side center-cropped.", DefaultValueFactory = _ => 64 };
    private static readonly Option<ColorMode> Color = new("--color") { Description = "rgb or gray.", DefaultValueFactory = _ => ColorMode.Rgb };
    private static readonly Option<int> Frames = new("--frames", "-t") { Description = "Frames per clip (T).", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Stride = new("--stride") { Description = "Frames between the starts of consecutive clips (default: T, no overlap)." };
    private static readonly Option<int> Workers = new("--workers", "-w") { Description = "ffmpeg processes at once, each decoding a batch of short videos or one large video.", DefaultValueFactory = _ => new IngestOptions().Workers };
    private static readonly Option<int> Batch = new("--batch") { Description = "Videos one ffmpeg process decodes at most (0: chosen from the file sizes; 1: each video alone).", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> ShardSize = new("--shard-size-mb") { Description = "Target shard size.", DefaultValueFactory = _ => 64 };
    private static readonly Option<double> ClaimTtl = new("--claim-ttl") { Description = "Seconds a worker's claim on a video lasts without renewal.", DefaultValueFactory = _ => 60 };
    private static readonly Option<string> Partition = new("--partition") { Description = "Only this share of the source, i/N (videos whose path hashes to i mod N); for fanning out over machines.", DefaultValueFactory = _ => "0/1" };
    private static readonly Option<string?> Labels = new("--labels") { Description = "Read labels and splits from the source's annotations (auto, folder, ucf101, kinetics, videomae); clips then carry them." };
    private static readonly Option<string?> Extensions = new("--extensions") { Description = "Comma-separated file extensions taken as videos (default: common video formats)." };

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("ingest", "Decode videos into fixed-length frame clips stored as shards with a manifest. "
            + "Reruns skip finished videos; several workers may share a source. " + ExitCodes.Help);
        foreach (var option in new Option[] { Source, Dataset, Fps, Size, Color, Frames, Stride, Workers, Batch, ShardSize, ClaimTtl, Partition, Labels, Extensions })
        {
            command.Options.Add(option);
        }
        CommandRunner.SetAction(command, RunAsync, _ => "Kept: every video finished before the failure (each is committed with its record). Rerun the same command to finish the rest: finished videos are skipped.");
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var storeOptions = GlobalOptions.StoreOptions(settings);
        var frames = settings.Get(Frames, "Ingest:Frames");
        var stride = settings.Get(Stride, "Ingest:Stride");
        var options = new IngestOptions
        {
            Dataset = settings.Get(Dataset, "Ingest:Dataset"),
            Source = settings.Get(Source, "Ingest:Source") ?? "",
            Spec = new ClipSpec(settings.Get(Fps, "Ingest:Fps"), settings.Get(Size, "Ingest:Size"), settings.Get(Color, "Ingest:Color"), frames, stride > 0 ? stride : frames),
            Workers = settings.Get(Workers, "Ingest:Workers"),
            BatchSize = settings.Get(Batch, "Ingest:Batch"),
            ShardSizeMb = settings.Get(ShardSize, "Ingest:ShardSizeMb"),
            ClaimTimeToLive = TimeSpan.FromSeconds(settings.Get(ClaimTtl, "Ingest:ClaimTtlSeconds")),
            Extensions = settings.Get(Extensions, "Ingest:Extensions"),
        };
        try
        {
            options.Partition = IngestOptions.ParsePartition(settings.Get(Partition, "Ingest:Partition"));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        if (settings.Get(Labels, "Ingest:Labels") is { } layout)
        {
            if (options.Source.StartsWith("blob:", StringComparison.Ordinal))
            {
                // A labeled set in blob storage (a pipeline's labeled dataset on Batch) is ingested from its local mirror.
                options.Source = await LabeledMirror.MirrorAsync(options.Source, storeOptions, cancellationToken).ConfigureAwait(false);
            }
            if (!Directory.Exists(options.Source))
            {
                throw new UsageException("--labels needs a local source folder holding the annotations.");
            }
            var set = await LabeledSetReader.ReadAsync(options.Source, new LabeledSetOptions { Layout = EvaluateCommand.ParseLayout(layout) }, cancellationToken).ConfigureAwait(false);
            options.Labels = set.ToIngestLabels();
        }
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join("; ", problems));
        }
        var store = BlobStoreFactory.Create(storeOptions);
        var source = OpenSource(options.Source, storeOptions, VideoExtensions.Parse(options.Extensions));
        var interactive = Terminal.Interactive(json);
        var logger = new ConsoleLogger(interactive || json ? LogLevel.Warning : LogLevel.Information);
        var worker = new IngestionWorker(store, source, options, logger);
        var report = await ProgressDisplay.RunAsync("ingest", interactive, progress =>
            worker.RunAsync(new Progress(progress), cancellationToken)).ConfigureAwait(false);
        Print(report, json);
        return report.Cancelled ? ExitCodes.Cancelled : report.Quarantined > 0 ? ExitCodes.Quarantined : ExitCodes.Ok;
    }

    /// <summary>Opens a local folder, or <c>blob:container/prefix</c> in the store's account.</summary>
    public static IVideoSource OpenSource(string source, StoreOptions storeOptions, IReadOnlySet<string> extensions)
    {
        if (source.StartsWith("blob:", StringComparison.Ordinal))
        {
            var (container, prefix) = SplitBlobSource(source);
            return new BlobVideoSource(BlobStoreFactory.CreateSibling(storeOptions, container), prefix, extensions);
        }
        if (!Directory.Exists(source))
        {
            throw new UsageException($"Source folder '{source}' does not exist (use blob:<container>/<prefix> for blobs).");
        }
        return new FolderVideoSource(source, extensions);
    }

    /// <summary>Splits <c>blob:container/prefix</c> into its container and prefix.</summary>
    public static (string Container, string Prefix) SplitBlobSource(string source)
    {
        var path = source["blob:".Length..].Trim('/');
        var slash = path.IndexOf('/');
        return slash < 0 ? (path, "") : (path[..slash], path[(slash + 1)..]);
    }

    private static void Print(IngestReport report, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                report.Dataset,
                report.Version,
                report.Store,
                report.Source,
                report.Ingested,
                report.Skipped,
                report.Quarantined,
                report.NewClips,
                report.TotalClips,
                report.ShardsWritten,
                report.WroteNothing,
                report.Cancelled,
                seconds = Math.Round(report.Seconds, 2),
                inputs = report.Inputs.Select(i => new { i.Path, i.Status, i.Clips, i.Reason }),
            }, BlobStoreExtensions.Json));
            return;
        }
        foreach (var input in report.Inputs.Where(i => i.Status == InputStatus.Quarantined))
        {
            Console.Out.WriteLine($"  quarantined  {input.Path}: {input.Reason}{(input.Clips > 0 ? $" ({input.Clips} clips kept)" : "")}");
        }
        Console.Out.WriteLine($"{report.Ingested} ingested, {report.Skipped} skipped (already done), {report.Quarantined} quarantined; "
            + $"{report.NewClips} new clips, {report.TotalClips} in the dataset; {report.Seconds:0.0} s.");
        if (report.WroteNothing)
        {
            Console.Out.WriteLine("Nothing new to ingest: every input was already done; nothing was written.");
        }
        Console.Out.WriteLine($"Clips: {report.Store} / datasets/{report.Dataset}/{report.Version} (manifest.jsonl, shards/)");
    }

    private sealed class Progress(IProgress<ProgressDisplay.Tick> bar) : IProgress<IngestProgress>
    {
        private readonly DateTime _start = DateTime.UtcNow;

        public void Report(IngestProgress value)
        {
            var seconds = Math.Max((DateTime.UtcNow - _start).TotalSeconds, 1e-3);
            bar.Report(new(value.InputsDone, value.InputsTotal, $"{value.Clips} clips, {value.Frames / seconds:0} frames/s"));
        }
    }
}
