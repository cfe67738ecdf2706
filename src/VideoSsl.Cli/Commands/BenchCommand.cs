using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Clips;
using VideoSsl.Ingestion;
using VideoSsl.Inference.Benchmarks;
using VideoSsl.Ingestion.Benchmarks;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Synth.MovingDigits;
using VideoSsl.Training;
using VideoSsl.Training.Benchmarks;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl bench</c>: benchmarks that print measured figures and ratios (not timed tests).</summary>
public static class BenchCommand
{
    /// <summary>The options of <c>bench ingest</c>.</summary>
    public static readonly OptionsBinding<IngestBenchOptions> Ingest = new OptionsBinding<IngestBenchOptions>("BenchIngest").Flag(o => o.ShortVideos, "--short");

    /// <summary>The options of <c>bench pretrain-input</c>.</summary>
    public static readonly OptionsBinding<PretrainBenchOptions> PretrainInput = PretrainBinding().Except(o => o.EarlyStep, "pretrain-input samples no memory")
        .Except(o => o.CompareAllocators, "pretrain-input compares data sources, not allocators");

    /// <summary>The options of <c>bench pretrain-memory</c>.</summary>
    public static readonly OptionsBinding<PretrainBenchOptions> PretrainMemory = PretrainBinding().Except(o => o.Rounds, "pretrain-memory runs one long phase");

    private static OptionsBinding<PretrainBenchOptions> PretrainBinding() => new("BenchPretrain");

    /// <summary>The options of <c>bench embed</c>.</summary>
    public static readonly OptionsBinding<EmbedBenchOptions> Embed = new("BenchEmbed");

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks: measured figures and ratios, side by side in one process.");
        var ingest = new Command("ingest", "Plain ffmpeg decode+scale to raw frames vs `videossl ingest` into the folder store, same files, same workers. "
            + "Targets: ratio >= 0.9 on 720p H.264; with --short, >= 0.7 of the grouped limit on 500 two-second 64x64 videos.");
        Ingest.AddTo(ingest);
        CommandRunner.SetAction(ingest, RunIngestAsync);
        command.Subcommands.Add(ingest);

        command.Subcommands.Add(Pretrain("pretrain-input", "Training steps/s fed from the store through the input pipeline vs the same loop fed from batches held in memory, same model, one run. Target: ratio >= 0.95.",
            PretrainInput, (options, store, ct) => TrainingBenchmarks.RunInputPipelineAsync(options.Pretrain(), store, options.Steps, rounds: options.Rounds, cancellationToken: ct)));
        command.Subcommands.Add(Pretrain<object>("pretrain-memory", "Pretraining throughput (clips/s), system-time share, page faults per step and memory: RSS and live tensors at an early step against the last step. "
            + $"Targets: RSS growth < 3 %, system time < 10 %. With --compare-allocators, one child process per malloc configuration ({NativeHeap.Variable}), side by side.",
            PretrainMemory, async (options, store, ct) => options.CompareAllocators
                ? await AllocatorRuns.CompareAsync(ct).ConfigureAwait(false)
                : await TrainingBenchmarks.RunMemoryAsync(options.Pretrain(), store, options.Steps, options.EarlyStep, cancellationToken: ct).ConfigureAwait(false)));
        var embed = Embed.AddTo(new Command("embed", "Seconds for the same videos: decode-only (embed's in-process decoding, clips kept in memory), forward-only (the encoder on those clips) "
            + "and `videossl embed` end to end; embed overlaps the two, so it should cost little more than the slower one."));
        CommandRunner.SetAction(embed, RunEmbedAsync);
        command.Subcommands.Add(embed);
        return command;
    }

    private static async Task<int> RunEmbedAsync(ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var bench = Embed.Bind(settings);
        var storeOptions = GlobalOptions.StoreOptions(settings);
        var store = BlobStoreFactory.Create(storeOptions);
        var source = bench.Source;
        if (source is null)
        {
            source = Path.Combine("data", "bench", $"digits-{bench.Videos}x{bench.Seconds}s");
            if (!Directory.Exists(source))
            {
                Terminal.Log($"Generating {bench.Videos} moving-digits videos (64x64, 10 fps, H.264, {bench.Seconds} s) in {source} ...");
                await new MovingDigitsGenerator().WriteAsync(source, new MovingDigitsOptions { Count = bench.Videos, Frames = bench.Seconds * 10, Seed = 0 }, null, cancellationToken).ConfigureAwait(false);
            }
        }
        var run = bench.Run;
        if (run is null)
        {
            run = EmbedBenchmark.DefaultRun;
            Terminal.Log($"Saving a freshly initialized {VideoModelConfig.ConvTiny.Describe()} as run {run} ...");
            await TorchErrors.Guard(async () =>
            {
                await EmbedBenchmark.SaveUntrainedAsync(store, VideoModelConfig.ConvTiny, cancellationToken).ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
        }
        var scratch = Directory.CreateDirectory(Path.Combine("data", "bench")).FullName;
        var result = await TorchErrors.Guard(() => EmbedBenchmark.RunAsync(bench, run, UseSources.Open(source, storeOptions, null), store, scratch, Terminal.Log, cancellationToken)).ConfigureAwait(false);
        if (parse.GetValue(GlobalOptions.Json))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { result.Videos, result.Clips, result.DecodeSeconds, result.ForwardSeconds, result.EmbedSeconds, result.OverSlower, result.OverSum }));
        }
        else
        {
            Console.Out.WriteLine($"videos: {result.Videos}, clips: {result.Clips}, {bench.Workers} ffmpeg workers, group size {bench.GroupSize}, batch {bench.BatchSize}");
            Console.Out.WriteLine($"decode-only {result.DecodeSeconds:0.00} s; forward-only {result.ForwardSeconds:0.00} s; embed {result.EmbedSeconds:0.00} s");
            Console.Out.WriteLine($"embed / slower side: {result.OverSlower:0.00} (1 = perfect overlap); embed / sum: {result.OverSum:0.00} (1 = no overlap)");
        }
        return ExitCodes.Ok;
    }

    // A training benchmark: binds its options, runs it against the store and prints its figures.
    private static Command Pretrain<TResult>(string name, string description, OptionsBinding<PretrainBenchOptions> binding, Func<PretrainBenchOptions, IBlobStore, CancellationToken, Task<TResult>> run)
    {
        var command = binding.AddTo(new Command(name, description));
        CommandRunner.SetAction(command, async (parse, settings, ct) =>
        {
            var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
            var options = binding.Bind(settings);
            var result = await TorchErrors.Guard(() => run(options, store, ct)).ConfigureAwait(false);
            Console.Out.WriteLine(parse.GetValue(GlobalOptions.Json) && result is not string ? JsonSerializer.Serialize(result, result!.GetType()) : result);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> RunIngestAsync(ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var bench = Ingest.Bind(settings);
        var (videos, seconds) = (bench.VideoCount, bench.VideoSeconds);
        var source = bench.Source;
        if (source is null && bench.ShortVideos)
        {
            source = Path.Combine("data", "bench", $"digits-{videos}x{seconds}s");
            Terminal.Log($"Generating {videos} moving-digits videos (64x64, 10 fps, H.264, {seconds} s) in {source} ...");
            await new MovingDigitsGenerator().WriteAsync(source, new MovingDigitsOptions { Count = videos, Frames = seconds * 10, Seed = 0 }, null, cancellationToken).ConfigureAwait(false);
        }
        else if (source is null)
        {
            source = Path.Combine("data", "bench", "720p");
            Terminal.Log($"Generating {videos} test videos (1280x720, 30 fps, H.264, {seconds} s) in {source} ...");
            await IngestBenchmark.GenerateAsync(source, videos, seconds, cancellationToken).ConfigureAwait(false);
        }
        var options = new IngestOptions { Dataset = "bench", Source = source, Spec = new ClipSpec(), Workers = bench.Workers };
        var baseline = bench.ShortVideos ? IngestBenchmark.Baseline.Grouped : IngestBenchmark.Baseline.PerVideo;
        var target = bench.ShortVideos ? 0.7 : 0.9;
        var result = await IngestBenchmark.RunAsync(source, options, bench.Rounds, Path.Combine("data", "bench"), baseline,
            round => Terminal.Log($"{round.Name,-7} {round.Seconds,7:0.00} s  {round.Frames} frames  {round.FramesPerSecond,8:0.0} frames/s  CPU {round.CpuSeconds:0.00} s (ffmpeg {round.FfmpegCpuSeconds:0.00} s)"), cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(GlobalOptions.Json))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                result.Videos,
                result.Bytes,
                ffmpegFramesPerSecond = result.BestFfmpeg.FramesPerSecond,
                ingestFramesPerSecond = result.BestIngest.FramesPerSecond,
                result.Ratio,
                workers = options.Workers,
            }));
        }
        else
        {
            Console.Out.WriteLine($"videos: {result.Videos} ({result.Bytes / 1e6:0.0} MB), workers: {options.Workers}, output {options.Spec.Size}x{options.Spec.Size} {options.Spec.Color} at {options.Spec.FrameRate} fps");
            var how = bench.ShortVideos ? "one ffmpeg per worker decoding all its videos" : "one ffmpeg per video";
            Console.Out.WriteLine($"ffmpeg decode+scale to raw frames ({how}): {result.BestFfmpeg.Seconds:0.00} s, {result.BestFfmpeg.FramesPerSecond:0.0} frames/s (best of {bench.Rounds})");
            Console.Out.WriteLine($"videossl ingest to folder store: {result.BestIngest.Seconds:0.00} s, {result.BestIngest.FramesPerSecond:0.0} frames/s (best of {bench.Rounds})");
            Console.Out.WriteLine($"ratio ingest/ffmpeg: {result.Ratio:0.000} (target >= {target})");
        }
        return ExitCodes.Ok;
    }
}
