using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Clips.Datasets;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl inspect</c>: what a dataset version holds, and optionally verify every clip's checksum.</summary>
public static class InspectCommand
{
    /// <summary>Every <see cref="InspectOptions"/> property is an option.</summary>
    public static readonly OptionsBinding<InspectOptions> Binding = new("Inspect");

    private const string Repair = "Rerun `videossl ingest` with the same settings to rewrite it from the records.";

    private static readonly JsonSerializerOptions Indented = new(BlobStoreExtensions.Json) { WriteIndented = true };

    /// <summary>Builds the verb.</summary>
    public static Command Create() => CommandRunner.Verb("inspect", "Show a dataset version: spec, clips, shards, quarantined inputs; --verify checks every clip.",
        Binding, RunAsync, _ => "inspect writes nothing; rerun it once the store is reachable.");

    private static async Task<int> RunAsync(InspectOptions options, ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
        var dataset = await ClipDataset.OpenAsync(store, options.Dataset, options.Version, cancellationToken: cancellationToken).ConfigureAwait(false);
        var videos = await Manifest.ReadVideoRecordsAsync(store, dataset.Layout, cancellationToken).ConfigureAwait(false);
        var quarantined = videos.Where(v => v.Status == VideoRecord.Quarantined).ToList();
        var disagreement = Manifest.Disagreement(dataset.Entries, videos);
        var verified = 0;
        if (options.Verify)
        {
            if (disagreement is not null)
            {
                throw new InvalidDataException($"Dataset '{dataset.Info.Name}' version {dataset.Info.Version}: {disagreement}. {Repair}");
            }
            await foreach (var _ in dataset.StreamAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                verified++;
            }
        }
        var summary = new
        {
            dataset.Info.Name,
            dataset.Info.Version,
            dataset.Info.Spec,
            shape = dataset.Shape.ToString(),
            clips = dataset.Count,
            shards = dataset.Shards.Count,
            videos = videos.Count,
            quarantined = quarantined.Select(q => new { q.Source, q.Reason, clips = q.Clips.Count }),
            labels = dataset.Entries.Where(e => e.Label is not null).GroupBy(e => e.Label!).ToDictionary(g => g.Key, g => g.Count()),
            verifiedClips = verified,
            manifestAgrees = disagreement is null,
        };
        if (disagreement is not null)
        {
            Terminal.Log($"warn: {disagreement}. {Repair}");
        }
        Console.Out.WriteLine(JsonSerializer.Serialize(summary, parse.GetValue(GlobalOptions.Json) ? BlobStoreExtensions.Json : Indented));
        return ExitCodes.Ok;
    }
}
