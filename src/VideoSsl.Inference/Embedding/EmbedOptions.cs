using VideoSsl.Inference.Decoding;
using VideoSsl.Ingestion;

namespace VideoSsl.Inference.Embedding;

/// <summary>Settings of <c>videossl embed</c>: which encoder, which videos, and where the embeddings go.</summary>
public sealed record EmbedOptions : ISourceDecodingOptions
{
    /// <summary>The run whose latest checkpoint embeds: a pretraining run, or a classifier run (its fine-tuned encoder).</summary>
    public string Run { get; init; } = "pretrain";

    /// <summary>Videos to embed: a video file, a folder, or blob:container/prefix; decoded in-process as ingest normalizes them.</summary>
    public string? Source { get; init; }

    /// <summary>An ingested dataset to embed instead of a source: its clips as ingest cut them, each row's path its source video.</summary>
    public string? Dataset { get; init; }

    /// <summary>The Parquet file written: a local path, or store:path for a blob in the store; with several partitions each writes FILE.part-i-of-n.parquet.</summary>
    public string? Out { get; init; }

    /// <summary>One row per video (the mean of its clip embeddings, clip −1) instead of one per clip.</summary>
    public bool PerVideo { get; init; }

    /// <summary>Frames between the starts of consecutive clips; unset, the clip length (no overlap, as ingest and the labeled sets cut).</summary>
    public int? Stride { get; init; }

    /// <summary>File name extensions taken as videos (comma-separated); unset, ingest's list.</summary>
    public string? Extensions { get; init; }

    /// <summary>This task's share of the source, i/N: the videos whose path hashes to i mod N, as ingest partitions.</summary>
    public (int Index, int Count) Partition { get; init; } = (0, 1);

    /// <summary>ffmpeg processes decoding at once (each a group of videos), ahead of the model.</summary>
    public int Workers { get; init; } = new IngestOptions().Workers;

    /// <summary>Videos one ffmpeg process decodes at most (short videos share a launch).</summary>
    public int GroupSize { get; init; } = SourceDecoding.DefaultGroupSize;

    /// <summary>Clips per forward pass of the encoder.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Returns every problem, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Run))
        {
            problems.Add("run: give the run whose encoder embeds");
        }
        if (string.IsNullOrWhiteSpace(Source) == string.IsNullOrWhiteSpace(Dataset))
        {
            problems.Add("source: give a video file, a folder, or blob:<container>/<prefix> (or --dataset for an ingested dataset, not both)");
        }
        if (string.IsNullOrWhiteSpace(Out))
        {
            problems.Add("out: give the Parquet file to write (a path, or store:<path>)");
        }
        if (Stride is < 1)
        {
            problems.Add($"stride: {Stride} must be at least 1");
        }
        this.AddProblems(problems);
        if (BatchSize < 1)
        {
            problems.Add($"batch-size: {BatchSize} must be at least 1");
        }
        return problems;
    }
}
