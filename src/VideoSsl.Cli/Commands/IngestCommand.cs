using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VideoSsl.Cli.Binding;
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
    /// <summary>Every <see cref="IngestOptions"/> property (and its clip spec's) is an option; these are the formats beyond the generic rules.</summary>
    public static readonly OptionsBinding<IngestOptions> Binding = new OptionsBinding<IngestOptions>("Ingest", o => o.Validate())
        .Help(o => o.Spec.Stride, "Frames between the starts of consecutive clips [default: --frames, no overlap].")
        .Flag(o => o.GroupSize, "--group-size", "--batch")
        .Key(o => o.GroupSize, "BatchSize")
        .Key(o => o.GroupSize, "Batch")
        .Key(o => o.ClaimTimeToLive, "ClaimTtlSeconds")
        .Parse(o => o.ClaimTimeToLive, text => TimeSpan.FromSeconds(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)), ttl => ttl.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Help(o => o.ClaimTimeToLive, "Seconds a worker's claim on a video lasts without renewal (a dead worker's videos are taken over after this) [default: 60].")
        .ParsePartition(o => o.Partition)
        .Except(o => o.Labels, "filled from --labels: the labels the source's annotations give");

    // Not in IngestOptions: a layout name whose annotations fill IngestOptions.Labels.
    internal static readonly Option<string?> Labels = new("--labels") { Description = "Read labels and splits from the source's annotations (auto, folder, ucf101, kinetics, videomae); clips then carry them. Key Ingest:Labels." };

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("ingest", "Decode videos into fixed-length frame clips stored as shards with a manifest. "
            + "Reruns skip finished videos; several workers may share a source. " + ExitCodes.Help + " " + Binding.ConfigurationHelp);
        Binding.AddTo(command);
        command.Options.Add(Labels);
        CommandRunner.SetAction(command, RunAsync, _ => "Kept: every video finished before the failure (each is committed with its record). Rerun the same command to finish the rest: finished videos are skipped.");
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var storeOptions = GlobalOptions.StoreOptions(settings);
        var options = Binding.Bind(settings, out var given);
        if (options.Spec.Stride <= 0 || !given.Any(s => s.Property.Name == nameof(ClipSpec.Stride)))
        {
            options.Spec = options.Spec with { Stride = options.Spec.Frames }; // no overlap unless asked
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
        UsageException.ThrowIfAny(options.Validate());
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
                report.ManifestRepaired,
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
        if (report.ManifestRepaired)
        {
            Console.Out.WriteLine("Repaired the manifest: it did not list what the video records hold (an earlier run stopped before rewriting it).");
        }
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
