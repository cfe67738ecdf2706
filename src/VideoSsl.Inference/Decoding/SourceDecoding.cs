using System.Threading.Channels;
using VideoSsl.Clips;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Sources;

namespace VideoSsl.Inference.Decoding;

/// <summary>The settings embed and classify both read videos with (each verb declares them, so keys and flags stay its own).</summary>
public interface ISourceDecodingOptions
{
    /// <summary>A video file, a folder, or blob:container/prefix.</summary>
    string? Source { get; }

    /// <summary>File name extensions taken as videos (comma-separated); unset, ingest's list.</summary>
    string? Extensions { get; }

    /// <summary>This task's share of the source, i/N.</summary>
    (int Index, int Count) Partition { get; }

    /// <summary>ffmpeg processes decoding at once.</summary>
    int Workers { get; }

    /// <summary>Videos one ffmpeg process decodes at most.</summary>
    int GroupSize { get; }

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    string Device { get; }
}

/// <summary>What embed and classify share in checking and starting their decoding.</summary>
public static class SourceDecoding
{
    /// <summary>Videos one ffmpeg process decodes at most, unless a verb is told otherwise.</summary>
    public const int DefaultGroupSize = 16;

    /// <summary>Adds the problems of <see cref="ISourceDecodingOptions.Workers"/> and <see cref="ISourceDecodingOptions.GroupSize"/> to <paramref name="problems"/>.</summary>
    public static void AddProblems(this ISourceDecodingOptions options, List<string> problems)
    {
        if (options.Workers is < 1 or > 64)
        {
            problems.Add($"workers: {options.Workers} is outside [1, 64]");
        }
        if (options.GroupSize is < 1 or > GroupPlan.MostInputs)
        {
            problems.Add($"group-size: {options.GroupSize} is outside [1, {GroupPlan.MostInputs}]");
        }
    }

    /// <summary>Starts decoding this partition of <paramref name="source"/> into clips of <paramref name="spec"/>, as the options say.</summary>
    public static ChannelReader<DecodedVideo> StartReading(this ISourceDecodingOptions options, IVideoSource source, ClipSpec spec, CancellationToken cancellationToken) =>
        new SourceClipReader(source, spec, options.Partition, options.GroupSize, options.Workers).Start(cancellationToken);
}
