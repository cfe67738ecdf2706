using System.Diagnostics;
using VideoSsl.Inference.Decoding;
using VideoSsl.Inference.Embedding;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Training;
using static TorchSharp.torch;

namespace VideoSsl.Inference.Benchmarks;

/// <summary>Seconds for the same videos: decoding alone, the encoder alone on clips held in memory, and embed (both, overlapped), with the ratios that show the overlap.</summary>
public sealed record EmbedBenchResult(int Videos, int Clips, double DecodeSeconds, double ForwardSeconds, double EmbedSeconds)
{
    /// <summary>embed / the slower of decode-only and forward-only: 1 is perfect overlap.</summary>
    public double OverSlower => EmbedSeconds / Math.Max(DecodeSeconds, ForwardSeconds);

    /// <summary>embed / (decode-only + forward-only): 1 is no overlap at all.</summary>
    public double OverSum => EmbedSeconds / (DecodeSeconds + ForwardSeconds);
}

/// <summary>
/// <c>videossl bench embed</c>: decode-only (the decoding embed does, clips kept in memory), forward-only (the encoder on
/// those clips in embed's batches) and embed end to end (Parquet file included), one after the other in one process.
/// </summary>
public static class EmbedBenchmark
{
    /// <summary>The run a benchmark without --run saves its freshly initialized model as.</summary>
    public const string DefaultRun = "bench-embed";

    /// <summary>Runs the three sides on <paramref name="source"/> with run <paramref name="run"/>'s encoder.</summary>
    public static async Task<EmbedBenchResult> RunAsync(EmbedBenchOptions options, string run, IVideoSource source, IBlobStore store, string scratch, Action<string> log, CancellationToken cancellationToken = default)
    {
        var (clock, device, checkpoint) = await RunCheckpointStart.OpenAsync("bench embed", [], options.Device, store, run, cancellationToken).ConfigureAwait(false);
        var spec = TrainedEncoder.SpecOf(checkpoint);

        clock.Restart();
        var videos = new List<DecodedVideo>();
        await foreach (var video in new SourceClipReader(source, spec, (0, 1), options.GroupSize, options.Workers).ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            videos.Add(video);
        }
        var decode = clock.Elapsed.TotalSeconds;
        var clips = videos.SelectMany(v => v.Clips).ToList();
        log($"decode-only  {decode,7:0.00} s  {videos.Count} videos, {clips.Count} clips");

        var forward = await Task.Factory.StartNew(() =>
        {
            using var trained = TrainedEncoder.Load(checkpoint, device);
            var watch = Stopwatch.StartNew();
            for (var start = 0; start < clips.Count; start += options.BatchSize)
            {
                var batch = clips.GetRange(start, Math.Min(options.BatchSize, clips.Count - start));
                trained.Embed(batch, spec.Shape);
            }
            return watch.Elapsed.TotalSeconds;
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        log($"forward-only {forward,7:0.00} s  {clips.Count / forward:0.0} clips/s");
        videos.Clear();
        clips.Clear();

        var output = Path.Combine(scratch, $"bench-embed-{Guid.NewGuid():N}.parquet");
        clock.Restart();
        var embed = new EmbedOptions { Run = run, Videos = new() { Source = "bench", GroupSize = options.GroupSize, Workers = options.Workers }, Out = output, BatchSize = options.BatchSize, Device = options.Device };
        var report = await EmbedRunner.RunAsync(embed, store, source, _ => { }, cancellationToken).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(output);
        log($"embed        {seconds,7:0.00} s  {report.Rows} rows");
        return new EmbedBenchResult(report.Videos.Count, report.Rows, decode, forward, seconds);
    }

    /// <summary>Saves a freshly initialized model of <paramref name="config"/> as run <see cref="DefaultRun"/> (what the figures need is its size, not its weights).</summary>
    public static async Task SaveUntrainedAsync(IBlobStore store, VideoModelConfig config, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(0);
        using var model = VideoModel.Create(config);
        using var stream = new MemoryStream();
        model.save(stream);
        var options = new PretrainOptions { RunName = DefaultRun };
        var checkpoint = Checkpoint.Create(1, 0, config, options.Signature("none"), options, [], stream.ToArray(), []);
        await checkpoint.WriteAsync(store, new RunLayout(DefaultRun), keep: 1, cancellationToken).ConfigureAwait(false);
    }
}
