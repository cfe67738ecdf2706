using VideoSsl.Inference.Decoding;
using VideoSsl.Ingestion;

namespace VideoSsl.Inference.Classification;

/// <summary>Settings of <c>videossl classify</c>: which saved classifier, which videos, and where the labels go.</summary>
public sealed record ClassifyOptions : ISourceDecodingOptions
{
    /// <summary>The classifier run (made by videossl finetune --out-run) whose checkpoint labels the videos.</summary>
    public string Run { get; init; } = "classifier";

    /// <summary>Videos to classify: a video file, a folder, or blob:container/prefix; decoded in-process as the classifier's clips were.</summary>
    public string? Source { get; init; }

    /// <summary>Also write the JSON to this file: a local path, or store:path for a blob in the store; with several partitions each writes FILE.part-i-of-n.json.</summary>
    public string? Out { get; init; }

    /// <summary>File name extensions taken as videos (comma-separated); unset, ingest's list.</summary>
    public string? Extensions { get; init; }

    /// <summary>This task's share of the source, i/N: the videos whose path hashes to i mod N, as ingest partitions.</summary>
    public (int Index, int Count) Partition { get; init; } = (0, 1);

    /// <summary>ffmpeg processes decoding at once (each a group of videos), ahead of the model.</summary>
    public int Workers { get; init; } = new IngestOptions().Workers;

    /// <summary>Videos one ffmpeg process decodes at most (short videos share a launch).</summary>
    public int GroupSize { get; init; } = SourceDecoding.DefaultGroupSize;

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Returns every problem, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Run))
        {
            problems.Add("run: give the classifier run (videossl finetune --out-run)");
        }
        if (string.IsNullOrWhiteSpace(Source))
        {
            problems.Add("source: give a video file, a folder, or blob:<container>/<prefix>");
        }
        this.AddProblems(problems);
        return problems;
    }
}
