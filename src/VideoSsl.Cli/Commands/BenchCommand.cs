using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Clips;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Benchmarks;
using VideoSsl.Storage;
using VideoSsl.Training;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl bench</c>: benchmarks that print measured figures and ratios (not timed tests).</summary>
public static class BenchCommand
{
    private static readonly Option<string?> Source = new("--source", "-s") { Description = "Folder of videos to use (default: generate 720p30 H.264 test videos)." };
    private static readonly Option<int> Videos = new("--videos") { Description = "Test videos to generate when --source is not given.", DefaultValueFactory = _ => 4 };
    private static readonly Option<int> Seconds = new("--seconds") { Description = "Length of each generated test video.", DefaultValueFactory = _ => 30 };
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
        var ingest = new Command("ingest", "Plain ffmpeg decode+scale to raw frames vs `videossl ingest` into the folder store, same files, same workers. Target: ratio >= 0.9 on 720p H.264.");
        foreach (var option in new Option[] { Source, Videos, Seconds, Rounds, Workers })
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
        var source = parse.GetValue(Source);
        if (source is null)
        {
            source = Path.Combine("data", "bench", "720p");
            Terminal.Log($"Generating {parse.GetValue(Videos)} test videos (1280x720, 30 fps, H.264, {parse.GetValue(Seconds)} s) in {source} ...");
            await IngestBenchmark.GenerateAsync(source, parse.GetValue(Videos), parse.GetValue(Seconds), cancellationToken).ConfigureAwait(false);
        }
        var options = new IngestOptions { Dataset = "bench", Source = source, Spec = new ClipSpec(), Workers = parse.GetValue(Workers) };
        var result = await IngestBenchmark.RunAsync(source, options, parse.GetValue(Rounds),
            round => Terminal.Log($"{round.Name,-7} {round.Seconds,7:0.00} s  {round.Frames} frames  {round.FramesPerSecond,8:0.0} frames/s"), cancellationToken).ConfigureAwait(false);
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
            Console.Out.WriteLine($"ffmpeg decode+scale to raw frames: {result.BestFfmpeg.FramesPerSecond:0.0} frames/s (best of {parse.GetValue(Rounds)})");
            Console.Out.WriteLine($"videossl ingest to folder store:  {result.BestIngest.FramesPerSecond:0.0} frames/s (best of {parse.GetValue(Rounds)})");
            Console.Out.WriteLine($"ratio ingest/ffmpeg: {result.Ratio:0.000} (target >= 0.9)");
        }
        return ExitCodes.Ok;
    }
}
