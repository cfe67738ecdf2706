using System.Diagnostics;
using System.Globalization;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Media;
using VideoSsl.Storage.Folder;

namespace VideoSsl.Ingestion.Benchmarks;

/// <summary>Times plain ffmpeg decoding+scaling to raw frames against a full ingest of the same files, in one process.</summary>
/// <remarks>
/// The baseline runs the filter graph ingest uses and discards the frames: the practical limit for this job on the
/// machine. <see cref="Baseline.PerVideo"/> launches one ffmpeg per video, <see cref="IngestOptions.Workers"/> at once
/// (long videos, where decoding dominates); <see cref="Baseline.Grouped"/> gives each of the workers one ffmpeg process
/// that decodes its whole share of the videos, one raw output per input (short videos, where launches dominate).
/// Rounds alternate baseline and ingest so that both see the same machine load; each ingest round writes a fresh
/// folder store under <c>storeRoot</c> (put it where real stores go, e.g. next to <c>data/store</c>), and the stores are
/// deleted only after the last round: deleting thousands of files just before a measured round would charge that
/// round for the file system's clean-up (on ext4 without a journal, new files are then slow to create for minutes).
/// </remarks>
public static class IngestBenchmark
{
    /// <summary>How the plain-ffmpeg side decodes.</summary>
    public enum Baseline
    {
        /// <summary>One ffmpeg launch per video.</summary>
        PerVideo,

        /// <summary>One ffmpeg launch per worker, taking all of that worker's videos as inputs.</summary>
        Grouped,
    }

    /// <summary>One measured round: wall time, CPU time of this process and the ffmpeg processes it ran, and of those ffmpeg processes alone (NaN where unknown).</summary>
    public sealed record Round(string Name, double Seconds, long Frames, double CpuSeconds = double.NaN, double FfmpegCpuSeconds = double.NaN)
    {
        public double FramesPerSecond => Frames / Seconds;
    }

    /// <summary>The result: every round, the best of each, and their ratio.</summary>
    public sealed record Result(IReadOnlyList<Round> Rounds, int Videos, long Bytes)
    {
        public Round BestFfmpeg => Rounds.Where(r => r.Name == "ffmpeg").MaxBy(r => r.FramesPerSecond)!;

        public Round BestIngest => Rounds.Where(r => r.Name == "ingest").MaxBy(r => r.FramesPerSecond)!;

        /// <summary>Ingest throughput over ffmpeg throughput.</summary>
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
                var (code, error, _) = await FfmpegTools.RunAsync(
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
    public static async Task<Result> RunAsync(string sourceFolder, IngestOptions options, int rounds, string storeRoot, Baseline baseline = Baseline.PerVideo,
        Action<Round>? onRound = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = Directory.EnumerateFiles(sourceFolder, "*", SearchOption.AllDirectories)
            .Where(f => VideoExtensions.Default.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"No videos in '{sourceFolder}' to benchmark.");
        }
        // Warm the page cache so neither side pays for the first read from disk.
        foreach (var file in files)
        {
            await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }
        var format = new FrameFormat(options.Spec.FrameRate, options.Spec.Size, options.Spec.Color == Clips.ColorMode.Gray);
        var results = new List<Round>();
        var stores = Path.Combine(storeRoot, $"bench-stores-{Guid.NewGuid():N}");
        try
        {
            for (var r = 0; r < rounds; r++)
            {
                var cpu = CpuSeconds();
                var plain = baseline == Baseline.Grouped
                    ? await GroupedRoundAsync(files, format, options.Workers, cancellationToken).ConfigureAwait(false)
                    : await PerVideoRoundAsync(files, format, options.Workers, cancellationToken).ConfigureAwait(false);
                var after = CpuSeconds();
                plain = plain with { CpuSeconds = after.All - cpu.All, FfmpegCpuSeconds = after.Children - cpu.Children };
                onRound?.Invoke(plain);
                results.Add(plain);
                cpu = CpuSeconds();
                var ingest = await IngestRoundAsync(sourceFolder, Path.Combine(stores, $"round-{r}"), options, cancellationToken).ConfigureAwait(false);
                after = CpuSeconds();
                ingest = ingest with { CpuSeconds = after.All - cpu.All, FfmpegCpuSeconds = after.Children - cpu.Children };
                onRound?.Invoke(ingest);
                results.Add(ingest);
            }
        }
        finally
        {
            if (Directory.Exists(stores))
            {
                Directory.Delete(stores, recursive: true);
            }
        }
        return new Result(results, files.Length, files.Sum(f => new FileInfo(f).Length));
    }

    private static readonly string[] Quiet = ["-hide_banner", "-nostdin", "-nostats", "-v", "error", "-xerror"];

    private static string[] Output(int input, FrameFormat format, string target) =>
        ["-map", $"{input}:v:0", "-an", "-sn", "-dn", "-vf", format.Filter(), "-pix_fmt", format.PixelFormat, "-f", "rawvideo", "-y", target];

    private static async Task<Round> PerVideoRoundAsync(string[] files, FrameFormat format, int workers, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            var (code, error, written) = await FfmpegTools.RunAsync([.. Quiet, "-i", file, .. Output(0, format, "pipe:1")], ct).ConfigureAwait(false);
            Check(code, error, file);
            Interlocked.Add(ref bytes, written);
        }).ConfigureAwait(false);
        return new Round("ffmpeg", clock.Elapsed.TotalSeconds, bytes / format.FrameBytes);
    }

    // Each worker's share in one process, inputs single-threaded (what ingest's groups do, and faster than threads here).
    private static async Task<Round> GroupedRoundAsync(string[] files, FrameFormat format, int workers, CancellationToken cancellationToken)
    {
        // Outputs go where ingest's groups write theirs, so both sides pay the same for them.
        var folder = Path.Combine(GroupDecoder.OutputRoot, $"videossl-bench-raw-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var shares = files.Select((file, i) => (file, i)).GroupBy(f => f.i % workers).Select(g => g.Select(f => f.file).ToArray()).ToArray();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, shares.Length), new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, async (s, ct) =>
            {
                var share = shares[s];
                var arguments = new List<string>(Quiet);
                foreach (var file in share)
                {
                    arguments.AddRange(["-threads", "1", "-i", file]);
                }
                for (var i = 0; i < share.Length; i++)
                {
                    arguments.AddRange(Output(i, format, Path.Combine(folder, $"{s}-{i}.raw")));
                }
                var (code, error, _) = await FfmpegTools.RunAsync(arguments, ct).ConfigureAwait(false);
                Check(code, error, $"a group of {share.Length} videos");
            }).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
            return new Round("ffmpeg", seconds, bytes / format.FrameBytes);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // User and system time of this process and its finished children, and of the children alone (/proc/self/stat
    // fields 14-17, in clock ticks of 1/100 s), in seconds.
    private static (double All, double Children) CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Ticks(int first) => (long.Parse(fields[first], CultureInfo.InvariantCulture) + long.Parse(fields[first + 1], CultureInfo.InvariantCulture)) / 100.0;
            var children = Ticks(13);
            return (Ticks(11) + children, children);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (double.NaN, double.NaN);
        }
    }

    private static void Check(int exitCode, string error, string what)
    {
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed on {what}: {Reasons.FromFfmpegOutput(error)}");
        }
    }

    private static async Task<Round> IngestRoundAsync(string sourceFolder, string storeFolder, IngestOptions options, CancellationToken cancellationToken)
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

    private sealed class InlineProgress(Action<IngestProgress> handler) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => handler(value);
    }
}
