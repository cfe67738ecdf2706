namespace VideoSsl.Ingestion.Benchmarks;

/// <summary>What `videossl bench ingest` compares: which videos, how many rounds, how many ffmpeg processes at once.</summary>
public sealed record IngestBenchOptions
{
    /// <summary>Folder of videos to use (default: generate 720p30 H.264 test videos).</summary>
    public string? Source { get; init; }

    /// <summary>Test videos to generate when no source is given.</summary>
    public int Videos { get; init; } = 4;

    /// <summary>Length of each generated test video, in seconds.</summary>
    public int Seconds { get; init; } = 30;

    /// <summary>Alternating rounds of the two sides; the best of each is compared.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>ffmpeg processes at once, for both sides.</summary>
    public int Workers { get; init; } = new IngestOptions().Workers;
}
