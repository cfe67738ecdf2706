using VideoSsl.Clips;

namespace VideoSsl.Ingestion;

/// <summary>Settings of one ingestion run.</summary>
public sealed class IngestOptions
{
    /// <summary>The dataset name clips are written under.</summary>
    public string Dataset { get; set; } = "default";

    /// <summary>A local folder, or <c>blob:prefix</c> for videos in the store's account (a sibling container: <c>blob:raw/2026</c>).</summary>
    public string Source { get; set; } = "";

    /// <summary>What a clip is; its hash names the dataset version.</summary>
    public ClipSpec Spec { get; set; } = new();

    /// <summary>ffmpeg processes at once in this process, each decoding a group of short videos or one large video.</summary>
    public int Workers { get; set; } = Math.Max(1, Math.Min(Environment.ProcessorCount, 4));

    /// <summary>Videos one ffmpeg process decodes at most; 0 chooses from the source's file sizes (<see cref="GroupPlan"/>), 1 decodes each video alone.</summary>
    public int GroupSize { get; set; }

    /// <summary>Shards are committed when they reach this size.</summary>
    public int ShardSizeMb { get; set; } = 64;

    /// <summary>How long a claim on a video lives without renewal (a dead worker's videos are taken over after this).</summary>
    public TimeSpan ClaimTimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>File name extensions taken as videos; empty means the default list.</summary>
    public string? Extensions { get; set; }

    /// <summary>This worker's share of the source, as (index, count): only videos whose path hashes to index mod count.</summary>
    public (int Index, int Count) Partition { get; set; } = (0, 1);

    /// <summary>Parses "i/N" (0 ≤ i &lt; N).</summary>
    public static (int Index, int Count) ParsePartition(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var index) && int.TryParse(parts[1], out var count) && count >= 1 && index >= 0 && index < count)
        {
            return (index, count);
        }
        throw new ArgumentException($"partition: '{text}' is not of the form i/N with 0 <= i < N (e.g. 0/4).");
    }

    /// <summary>True when <paramref name="path"/> belongs to this worker's partition.</summary>
    public bool InPartition(string path) => InPartition(path, Partition);

    /// <summary>True when <paramref name="path"/> hashes to <paramref name="partition"/>'s index: the one partitioning of a source, shared by every verb that fans out over it.</summary>
    public static bool InPartition(string path, (int Index, int Count) partition) =>
        partition.Count == 1
        || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path))) % (uint)partition.Count == partition.Index;

    /// <summary>Optional labels and splits by source-relative path (labeled datasets).</summary>
    public IReadOnlyDictionary<string, (string Label, string? Split)>? Labels { get; set; }

    /// <summary>Returns every problem with the options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(Spec.Validate());
        if (string.IsNullOrWhiteSpace(Source))
        {
            problems.Add("source: give a folder of videos, or blob:<container>/<prefix>");
        }
        if (Workers is < 1 or > 64)
        {
            problems.Add($"workers: {Workers} is outside [1, 64]");
        }
        if (GroupSize is < 0 or > GroupPlan.MostInputs)
        {
            problems.Add($"group-size: {GroupSize} is outside [0, {GroupPlan.MostInputs}] (0 chooses from the file sizes)");
        }
        if (ShardSizeMb is < 1 or > 2048)
        {
            problems.Add($"shard-size-mb: {ShardSizeMb} is outside [1, 2048]");
        }
        if (ClaimTimeToLive < TimeSpan.FromSeconds(1))
        {
            problems.Add("claim-ttl: must be at least 1 second");
        }
        try
        {
            Clips.Datasets.DatasetLayout.ValidateName(Dataset);
        }
        catch (ArgumentException e)
        {
            problems.Add("dataset: " + e.Message);
        }
        return problems;
    }
}
