namespace VideoSsl.Ingestion.Benchmarks;

/// <summary>Settings of <c>videossl bench ingest</c>: which videos, how many rounds, how many ffmpeg processes.</summary>
public sealed record IngestBenchOptions
{
    /// <summary>Folder of videos to use (default: generate 720p30 H.264 test videos, or with --short 64x64 moving digits).</summary>
    public string? Source { get; init; }

    /// <summary>Many short videos: the baseline is one ffmpeg process per worker decoding all its videos (the grouped limit) instead of one launch per video.</summary>
    public bool ShortVideos { get; init; }

    /// <summary>Test videos to generate when no source is given (default 4, with --short 500).</summary>
    public int? Videos { get; init; }

    /// <summary>Length of each generated test video, in seconds (default 30, with --short 2).</summary>
    public int? Seconds { get; init; }

    /// <summary>Alternating rounds of the two sides; the best of each is compared.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>ffmpeg processes at once, for both sides.</summary>
    public int Workers { get; init; } = new IngestOptions().Workers;

    /// <summary>Test videos to generate: <see cref="Videos"/> or the default for the benchmark's kind.</summary>
    public int VideoCount => Videos ?? (ShortVideos ? 500 : 4);

    /// <summary>Seconds per generated video: <see cref="Seconds"/> or the default for the benchmark's kind.</summary>
    public int VideoSeconds => Seconds ?? (ShortVideos ? 2 : 30);
}
