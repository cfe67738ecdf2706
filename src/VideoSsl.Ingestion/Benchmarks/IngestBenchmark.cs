using System.Diagnostics;
using System.Globalization;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Media;
using VideoSsl.Storage.Folder;

namespace VideoSsl.Ingestion.Benchmarks;

/// <summary>Times plain ffmpeg decoding+scaling to raw frames against a full ingest of the same files, in one process.</summary>
/// <remarks>
/// The baseline runs the same filter graph ingest uses, with the same number of ffmpeg processes at once, and
/// discards the frames: the practical limit for this job on the machine. Rounds alternate baseline and ingest so
/// that both see the same machine load; each ingest round writes a fresh folder store.
/// </remarks>
public static class IngestBenchmark
{
    /// <summary>One measured round.</summary>
    public sealed record Round(string Name, double Seconds, long Frames)
    {
        public double FramesPerSecond => Frames / Seconds;
    }

    /// <summary>The result: every round, the best of each, and their ratio.</summary>
    public sealed record Result(IReadOnlyList<Round> Rounds, int Videos, long Bytes)
    {
        public Round BestFfmpeg => Rounds.Where(r => r.Name == "ffmpeg").MaxBy(r => r.FramesPerSecond)!;

        public Round BestIngest => Rounds.Where(r => r.Name == "ingest").MaxBy(r => r.FramesPerSecond)!;

        /// <summary>Ingest throughput over ffmpeg throughput (target ≥ 0.9).</summary>
        public double Ratio => BestIngest.FramesPerSecond / BestFfmpeg.FramesPerSecond;
    }

    /// <summary>Writes <paramref name="count"/> test videos (720p30 H.264, <paramref name="seconds"/> each) unless they exist.</summary>
    public static async Task<string[]> GenerateAsync(string folder, int count, int seconds, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var file = Path.Combine(folder, $"bench-720p-{i:D2}.mp4");
            if (!File.Exists(file))
            {
                var temp = file + ".partial.mp4";
                var (code, error) = await FfmpegTools.RunAsync(
                    ["-hide_banner", "-y", "-f", "lavfi", "-i", $"testsrc2=size=1280x720:rate=30,hue=H={i}*0.7*t", "-t", seconds.ToString(CultureInfo.InvariantCulture),
                     "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", temp], cancellationToken).ConfigureAwait(false);
                if (code != 0)
                {
                    throw new InvalidOperationException($"ffmpeg could not generate '{file}': {Reasons.FromFfmpegOutput(error)}");
                }
                File.Move(temp, file, overwrite: true);
            }
            files.Add(file);
        }
        return files.ToArray();
    }

    /// <summary>Runs <paramref name="rounds"/> alternating rounds over the videos in <paramref name="sourceFolder"/>.</summary>
    public static async Task<Result> RunAsync(string sourceFolder, IngestOptions options, int rounds, Action<Round>? onRound = null, CancellationToken cancellationToken = default)
    {
        var files = Directory.EnumerateFiles(sourceFolder).Where(f => VideoExtensions.Default.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"No videos in '{sourceFolder}' to benchmark.");
        }
        // Warm the page cache so neither side pays for the first read from disk.
        foreach (var file in files)
        {
            await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }
        var results = new List<Round>();
        for (var r = 0; r < rounds; r++)
        {
            var baseline = await FfmpegRoundAsync(files, options, cancellationToken).ConfigureAwait(false);
            onRound?.Invoke(baseline);
            results.Add(baseline);
            var ingest = await IngestRoundAsync(sourceFolder, options, cancellationToken).ConfigureAwait(false);
            onRound?.Invoke(ingest);
            results.Add(ingest);
        }
        return new Result(results, files.Length, files.Sum(f => new FileInfo(f).Length));
    }

    private static async Task<Round> FfmpegRoundAsync(string[] files, IngestOptions options, CancellationToken cancellationToken)
    {
        var format = new FrameFormat(options.Spec.FrameRate, options.Spec.Size, options.Spec.Color == Clips.ColorMode.Gray);
        long frames = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = options.Workers, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            var probe = await VideoProber.ProbeAsync(file, ct).ConfigureAwait(false);
            var (code, error) = await FfmpegTools.RunAsync(
                ["-hide_banner", "-nostats", "-i", file, "-map", "0:v:0", "-an", "-vf", format.Filter(probe), "-pix_fmt", format.PixelFormat, "-f", "rawvideo", "pipe:1"], ct).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"ffmpeg failed on '{file}': {Reasons.FromFfmpegOutput(error)}");
            }
            // Count the frames the filter graph produced, as ingest does.
            Interlocked.Add(ref frames, (long)Math.Floor(probe.DurationSeconds * options.Spec.FrameRate + 0.5));
        }).ConfigureAwait(false);
        return new Round("ffmpeg", clock.Elapsed.TotalSeconds, frames);
    }

    private static async Task<Round> IngestRoundAsync(string sourceFolder, IngestOptions options, CancellationToken cancellationToken)
    {
        var storeFolder = Path.Combine(Path.GetTempPath(), $"videossl-bench-{Guid.NewGuid():N}");
        try
        {
            var store = new FolderBlobStore(storeFolder);
            long frames = 0;
            var clock = Stopwatch.StartNew();
            var report = await new IngestionWorker(store, new FolderVideoSource(sourceFolder), options)
                .RunAsync(new InlineProgress(p => frames = p.Frames), cancellationToken).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            if (report.Quarantined > 0)
            {
                throw new InvalidOperationException($"Benchmark input was quarantined: {report.Inputs.First(i => i.Status == InputStatus.Quarantined).Reason}");
            }
            return new Round("ingest", seconds, frames);
        }
        finally
        {
            Directory.Delete(storeFolder, recursive: true);
        }
    }

    private sealed class InlineProgress(Action<IngestProgress> handler) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => handler(value);
    }
}
