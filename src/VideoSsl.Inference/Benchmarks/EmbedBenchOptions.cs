namespace VideoSsl.Inference.Benchmarks;

/// <summary>Settings of <c>videossl bench embed</c>: which encoder, which videos, and the batch and group sizes embed uses.</summary>
public sealed record EmbedBenchOptions
{
    /// <summary>The run whose encoder embeds; unset, a freshly initialized tiny conv model (RGB 64x64, 20 frames) saved as run bench-embed.</summary>
    public string? Run { get; init; }

    /// <summary>Folder of videos to embed (default: generate two-second 64x64 moving-digits videos, as bench ingest --short does).</summary>
    public string? Source { get; init; }

    /// <summary>Test videos to generate when no source is given.</summary>
    public int Videos { get; init; } = 1000;

    /// <summary>Length of each generated test video, in seconds.</summary>
    public int Seconds { get; init; } = 2;

    /// <summary>Videos one ffmpeg process decodes at most, for both decode-only and embed.</summary>
    public int GroupSize { get; init; } = new Decoding.VideoSourceOptions().GroupSize;

    /// <summary>ffmpeg processes at once, for both decode-only and embed.</summary>
    public int Workers { get; init; } = new Decoding.VideoSourceOptions().Workers;

    /// <summary>Clips per forward pass, for both forward-only and embed.</summary>
    public int BatchSize { get; init; } = new Embedding.EmbedOptions().BatchSize;

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    public string Device { get; init; } = "auto";
}
