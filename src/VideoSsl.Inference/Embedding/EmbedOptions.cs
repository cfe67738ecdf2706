using VideoSsl.Inference.Decoding;

namespace VideoSsl.Inference.Embedding;

/// <summary>Settings of <c>videossl embed</c>: which encoder, which videos, and where the embeddings go.</summary>
public sealed record EmbedOptions : IReadsVideoSource
{
    /// <summary>The run whose latest checkpoint embeds: a pretraining run, or a classifier run (its fine-tuned encoder).</summary>
    public string Run { get; init; } = "pretrain";

    /// <summary>The videos to embed and how they are decoded.</summary>
    public VideoSourceOptions Videos { get; init; } = new();

    /// <summary>An ingested dataset to embed instead of a source: its clips as ingest cut them, each row's path its source video.</summary>
    public string? Dataset { get; init; }

    /// <summary>The Parquet file written: a local path, or store:path for a blob in the store; with several partitions each writes FILE.part-i-of-n.parquet.</summary>
    public string? Out { get; init; }

    /// <summary>One row per video (the mean of its clip embeddings, clip −1) instead of one per clip.</summary>
    public bool PerVideo { get; init; }

    /// <summary>Frames between the starts of consecutive clips; unset, the clip length (no overlap, as ingest and the labeled sets cut).</summary>
    public int? Stride { get; init; }

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
        if (string.IsNullOrWhiteSpace(Videos.Source) == string.IsNullOrWhiteSpace(Dataset))
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
        Videos.AddProblems(problems);
        if (BatchSize < 1)
        {
            problems.Add($"batch-size: {BatchSize} must be at least 1");
        }
        return problems;
    }
}
