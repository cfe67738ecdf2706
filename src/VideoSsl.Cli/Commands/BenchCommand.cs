using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Clips;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Benchmarks;
using VideoSsl.Storage;
using VideoSsl.Synth.MovingDigits;
using VideoSsl.Training;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl bench</c>: benchmarks that print measured figures and ratios (not timed tests).</summary>
public static class BenchCommand
{
    private static readonly Option<string?> Source = new("--source", "-s") { Description = "Folder of videos to use (default: generate 720p30 H.264 test videos, or with --short 64x64 moving digits)." };
    private static readonly Option<int> Videos = new("--videos") { Description = "Test videos to generate when --source is not given (default 4, with --short 500)." };
    private static readonly Option<int> Seconds = new("--seconds") { Description = "Length of each generated test video (default 30, with --short 2)." };
    private static readonly Option<bool> Short = new("--short") { Description = "Many short videos: the baseline is one ffmpeg process per worker decoding all its videos (the batched limit) instead of one launch per video." };
    private static readonly Option<int> Rounds = new("--rounds") { Description = "Alternating rounds of the two sides (ingest: the best of each is compared; pretrain-input: totals are compared).", DefaultValueFactory = _ => 2 };
    private static readonly Option<int> Workers = new("--workers", "-w") { Description = "ffmpeg processes at once, for both sides.", DefaultValueFactory = _ => new IngestOptions().Workers };

    private static readonly Option<string> Dataset = new("--dataset", "-d") { Description = "Ingested dataset to train on.", DefaultValueFactory = _ => "default" };
    private static readonly Option<int> Steps = new("--steps") { Description = "Measured steps (per phase).", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> Early = new("--early-step") { Description = "Step of the early memory sample.", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> Batch = new("--batch-size", "-b") { Description = "Clips per batch.", DefaultValueFactory = _ => 8 };
    private static readonly Option<string> Preset = new("--preset") { Description = "Model preset.", DefaultValueFactory = _ => "tiny" };

    private static PretrainOptions PretrainFor(ParseResult parse) =>
        new() { Dataset = parse.GetValue(Dataset)!, BatchSize = parse.GetValue(Batch), Preset = parse.GetValue(Preset)!, RunName = "bench", Device = "auto" };

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks: measured figures and ratios, side by side in one process.");
        var ingest = new Command("ingest", "Plain ffmpeg decode+scale to raw frames vs `videossl ingest` into the folder store, same files, same workers. "
            + "Targets: ratio >= 0.9 on 720p H.264; with --short, >= 0.7 of the batched limit on 500 two-second 64x64 videos.");
        foreach (var option in new Option[] { Source, Videos, Seconds, Short, Rounds, Workers })
        {
            ingest.Options.Add(option);
        }
        CommandRunner.SetAction(ingest, RunIngestAsync);
        command.Subcommands.Add(ingest);

        var input = new Command("pretrain-input", "Training steps/s fed from the store through the input pipeline vs the same loop fed from batches held in memory, same model, one run. Target: ratio >= 0.95.");
        foreach (var option in new Option[] { Dataset, Steps, Batch, Preset, Rounds })
        {
            input.Options.Add(option);
        }
        CommandRunner.SetAction(input, async (parse, settings, ct) =>
        {
            var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
            var result = await TorchErrors.Guard(() => TrainingBenchmarks.RunInputPipelineAsync(PretrainFor(parse), store, parse.GetValue(Steps), rounds: parse.GetValue(Rounds), cancellationToken: ct)).ConfigureAwait(false);
            Console.Out.WriteLine(result);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(input);

        var memory = new Command("pretrain-memory", "Pretraining throughput (clips/s) and memory: RSS and live tensors at an early step against the last step. Target: RSS growth < 3 %.");
        foreach (var option in new Option[] { Dataset, Steps, Early, Batch, Preset })
        {
            memory.Options.Add(option);
        }
        CommandRunner.SetAction(memory, async (parse, settings, ct) =>
        {
            var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
            var result = await TorchErrors.Guard(() => TrainingBenchmarks.RunMemoryAsync(PretrainFor(parse), store, parse.GetValue(Steps), parse.GetValue(Early), cancellationToken: ct)).ConfigureAwait(false);
            Console.Out.WriteLine(result);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(memory);
        return command;
    }

    private static async Task<int> RunIngestAsync(ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var isShort = parse.GetValue(Short);
        var source = parse.GetValue(Source);
        var videos = parse.GetResult(Videos) is { Implicit: false } ? parse.GetValue(Videos) : isShort ? 500 : 4;
        var seconds = parse.GetResult(Seconds) is { Implicit: false } ? parse.GetValue(Seconds) : isShort ? 2 : 30;
        if (source is null && isShort)
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
        var options = new IngestOptions { Dataset = "bench", Source = source, Spec = new ClipSpec(), Workers = parse.GetValue(Workers) };
        var baseline = isShort ? IngestBenchmark.Baseline.Batched : IngestBenchmark.Baseline.PerVideo;
        var target = isShort ? 0.7 : 0.9;
        var result = await IngestBenchmark.RunAsync(source, options, parse.GetValue(Rounds), Path.Combine("data", "bench"), baseline,
            round => Terminal.Log($"{round.Name,-7} {round.Seconds,7:0.00} s  {round.Frames} frames  {round.FramesPerSecond,8:0.0} frames/s  CPU {round.CpuSeconds:0.00} s (ffmpeg {round.FfmpegCpuSeconds:0.00} s)"), cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(GlobalOptions.Json))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                result.Videos,
                result.Bytes,
                baseline = baseline.ToString(),
                ffmpegSeconds = result.BestFfmpeg.Seconds,
                ingestSeconds = result.BestIngest.Seconds,
                ffmpegFramesPerSecond = result.BestFfmpeg.FramesPerSecond,
                ingestFramesPerSecond = result.BestIngest.FramesPerSecond,
                result.Ratio,
                target,
                workers = options.Workers,
            }));
        }
        else
        {
            var rounds = parse.GetValue(Rounds);
            var how = isShort ? $"one ffmpeg per worker decoding all its videos" : "one ffmpeg per video";
            Console.Out.WriteLine($"videos: {result.Videos} ({result.Bytes / 1e6:0.0} MB), workers: {options.Workers}, output {options.Spec.Size}x{options.Spec.Size} {options.Spec.Color} at {options.Spec.FrameRate} fps");
            Console.Out.WriteLine($"ffmpeg decode+scale to raw frames ({how}): {result.BestFfmpeg.Seconds:0.00} s, {result.BestFfmpeg.FramesPerSecond:0.0} frames/s (best of {rounds})");
            Console.Out.WriteLine($"videossl ingest to folder store: {result.BestIngest.Seconds:0.00} s, {result.BestIngest.FramesPerSecond:0.0} frames/s (best of {rounds})");
            Console.Out.WriteLine($"ratio ingest/ffmpeg: {result.Ratio:0.000} (target >= {target})");
        }
        return ExitCodes.Ok;
    }
}
