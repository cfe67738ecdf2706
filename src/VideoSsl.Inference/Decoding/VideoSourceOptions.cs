using System.Threading.Channels;
using VideoSsl.Clips;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Sources;

namespace VideoSsl.Inference.Decoding;

/// <summary>Which videos embed and classify read and how they decode them: one declaration, nested in each verb's options (its keys and flags are the verb's own).</summary>
public sealed record VideoSourceOptions
{
    /// <summary>Videos to read: a video file, a folder, or blob:container/prefix; decoded in-process into the run's clips.</summary>
    public string? Source { get; init; }

    /// <summary>File name extensions taken as videos (comma-separated); unset, ingest's list.</summary>
    public string? Extensions { get; init; }

    /// <summary>This task's share of the source, i/N: the videos whose path hashes to i mod N, as ingest partitions.</summary>
    public (int Index, int Count) Partition { get; init; } = (0, 1);

    /// <summary>ffmpeg processes decoding at once (each a group of videos), ahead of the model.</summary>
    public int Workers { get; init; } = new IngestOptions().Workers;

    /// <summary>Videos one ffmpeg process decodes at most (short videos share a launch).</summary>
    public int GroupSize { get; init; } = 16;

    /// <summary>Adds the problems of <see cref="Workers"/> and <see cref="GroupSize"/> to <paramref name="problems"/>.</summary>
    public void AddProblems(List<string> problems)
    {
        if (Workers is < 1 or > 64)
        {
            problems.Add($"workers: {Workers} is outside [1, 64]");
        }
        if (GroupSize is < 1 or > GroupPlan.MostInputs)
        {
            problems.Add($"group-size: {GroupSize} is outside [1, {GroupPlan.MostInputs}]");
        }
    }

    /// <summary>Starts decoding this partition of <paramref name="source"/> into clips of <paramref name="spec"/>.</summary>
    public ChannelReader<DecodedVideo> StartReading(IVideoSource source, ClipSpec spec, CancellationToken cancellationToken) =>
        new SourceClipReader(source, spec, Partition, GroupSize, Workers).Start(cancellationToken);
}

/// <summary>The options of a verb that reads a video source (embed, classify): its videos and its torch device.</summary>
public interface IReadsVideoSource
{
    /// <summary>The videos and how they are decoded.</summary>
    VideoSourceOptions Videos { get; }

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    string Device { get; }
}
