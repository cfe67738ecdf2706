using System.CommandLine;
using System.Text.Json;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Training;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl pretrain</c>: self-supervised pretraining (masked and future-frame prediction) on ingested clips.</summary>
public static class PretrainCommand
{
    private static readonly Option<string[]> Dataset = new("--dataset", "-d")
    {
        Description = "Ingested dataset(s) to learn from (no labels are used): repeat the flag or comma-separate names to train on several at once (same --size/--frames/--color).",
        DefaultValueFactory = _ => ["default"],
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
    };

    // Never added to the command: reads the settings key Pretrain:Dataset (a comma-separated string) when --dataset is not given
    // (an option outside the command yields null, not its default, hence the fallback where it is read).
    private static readonly Option<string?> DatasetSetting = new("--dataset");
    private static readonly Option<string> Run = new("--run") { Description = "Run name: checkpoints, metrics and plots go to runs/<run>/ in the store.", DefaultValueFactory = _ => "pretrain" };
    private static readonly Option<VideoArch> Arch = new("--arch") { Description = "Model family: conv (convolutional, learns motion at CPU budgets) or vit (VideoMAE ViT, for long GPU runs).", DefaultValueFactory = _ => VideoArch.Conv };
    private static readonly Option<string> Preset = new("--preset") { Description = "Model size within the family: tiny (CPU, tests), small, base (GPU).", DefaultValueFactory = _ => "tiny" };
    private static readonly Option<int> Steps = new("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> Batch = new("--batch-size", "-b") { Description = "Clips per micro-batch.", DefaultValueFactory = _ => 8 };
    private static readonly Option<int> Accumulate = new("--grad-accumulation") { Description = "Micro-batches per optimizer step.", DefaultValueFactory = _ => 1 };
    private static readonly Option<double> FutureRatio = new("--future-ratio") { Description = "Share of batches using the future-frame objective (0 = masked only, 1 = future only).", DefaultValueFactory = _ => 0.5 };
    private static readonly Option<double> MaskRatio = new("--mask-ratio") { Description = "Tube-mask ratio of the masked objective.", DefaultValueFactory = _ => 0.9 };
    private static readonly Option<double> LearningRate = new("--lr") { Description = "Peak learning rate (AdamW, linear warmup, cosine decay).", DefaultValueFactory = _ => 1e-3 };
    private static readonly Option<int> Warmup = new("--warmup-steps") { Description = "Linear warmup steps.", DefaultValueFactory = _ => 50 };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed of initialization, shuffling, masks and augmentation.", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> Device = new("--device") { Description = "auto (CUDA when present), cpu, cuda, cuda:N.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<int> Threads = new("--threads") { Description = "CPU threads for torch (0: all cores).", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> CheckpointEvery = new("--checkpoint-every") { Description = "Steps between checkpoints (one is always written at the end and on Ctrl+C).", DefaultValueFactory = _ => 500 };
    private static readonly Option<bool> Resume = new("--resume") { Description = "Continue exactly where the run's last checkpoint left off." };
    private static readonly Option<int?> Dim = new("--dim") { Description = "Encoder width (overrides the preset)." };
    private static readonly Option<int?> Depth = new("--depth") { Description = "Encoder blocks (overrides the preset)." };
    private static readonly Option<int?> Heads = new("--heads") { Description = "Encoder attention heads (overrides the preset)." };
    private static readonly Option<int?> DecoderDim = new("--decoder-dim") { Description = "Decoder width (overrides the preset)." };
    private static readonly Option<int?> DecoderDepth = new("--decoder-depth") { Description = "Decoder blocks (overrides the preset)." };
    private static readonly Option<int?> PatchSize = new("--patch-size") { Description = "Tubelet side P in pixels (overrides the preset)." };
    private static readonly Option<int?> TubeletFrames = new("--tubelet-frames") { Description = "Frames per tubelet (overrides the preset); the clip and context lengths must be multiples of it." };
    private static readonly Option<int?> FrameChannels = new("--frame-channels") { Description = "Conv: channels per frame in the translator (overrides the preset)." };
    private static readonly Option<int?> Kernel = new("--kernel") { Description = "Conv: side of the translator's spatial kernel, odd (overrides the preset)." };
    private static readonly Option<int?> ContextFrames = new("--context-frames") { Description = "Frames the future-frame objective sees (Tc); the rest of the clip is predicted (default: half)." };
    private static readonly Option<bool> RawTargets = new("--raw-targets") { Description = "Masked objective against raw pixels instead of per-patch normalized ones." };
    private static readonly Option<string?> Cache = new("--cache") { Description = "Local folder caching shards read from a remote store." };

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("pretrain", "Learn a video encoder from unlabeled clips: VideoMAE tube masking and future-frame prediction, mixed per batch. "
            + "Exit codes: 0 done; 1 failed; 130 cancelled (a final checkpoint was written; rerun with --resume).");
        foreach (var option in new Option[] { Dataset, Run, Arch, Preset, Steps, Batch, Accumulate, FutureRatio, MaskRatio, LearningRate, Warmup, Seed, Device, Threads, CheckpointEvery, Resume, Dim, Depth, Heads, DecoderDim, DecoderDepth, PatchSize, TubeletFrames, FrameChannels, Kernel, ContextFrames, RawTargets, Cache })
        {
            command.Options.Add(option);
        }
        CommandRunner.SetAction(command, RunAsync, _ => "Kept: the last checkpoint written to the store. Rerun the same command with --resume to continue from it.");
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
        var options = new PretrainOptions
        {
            Dataset = parse.GetResult(Dataset) is { Implicit: false }
                ? string.Join(',', parse.GetValue(Dataset)!.SelectMany(v => PretrainOptions.SplitDatasets(v)))
                : string.Join(',', PretrainOptions.SplitDatasets(settings.Get(DatasetSetting, "Pretrain:Dataset") ?? "default")),
            RunName = settings.Get(Run, "Pretrain:Run"),
            Arch = settings.Get(Arch, "Pretrain:Arch"),
            Preset = settings.Get(Preset, "Pretrain:Preset"),
            Steps = settings.Get(Steps, "Pretrain:Steps"),
            BatchSize = settings.Get(Batch, "Pretrain:BatchSize"),
            GradAccumulation = settings.Get(Accumulate, "Pretrain:GradAccumulation"),
            FutureRatio = settings.Get(FutureRatio, "Pretrain:FutureRatio"),
            MaskRatio = settings.Get(MaskRatio, "Pretrain:MaskRatio"),
            LearningRate = settings.Get(LearningRate, "Pretrain:LearningRate"),
            WarmupSteps = settings.Get(Warmup, "Pretrain:WarmupSteps"),
            Seed = settings.Get(Seed, "Pretrain:Seed"),
            Device = settings.Get(Device, "Pretrain:Device"),
            Threads = settings.Get(Threads, "Pretrain:Threads"),
            CheckpointEvery = settings.Get(CheckpointEvery, "Pretrain:CheckpointEvery"),
            Resume = settings.Get(Resume, "Pretrain:Resume"),
            CacheDirectory = settings.Get(Cache, "Pretrain:Cache"),
            Dim = settings.Get(Dim, "Pretrain:Dim"),
            Depth = settings.Get(Depth, "Pretrain:Depth"),
            Heads = settings.Get(Heads, "Pretrain:Heads"),
            DecoderDim = settings.Get(DecoderDim, "Pretrain:DecoderDim"),
            DecoderDepth = settings.Get(DecoderDepth, "Pretrain:DecoderDepth"),
            PatchSize = settings.Get(PatchSize, "Pretrain:PatchSize"),
            TubeletFrames = settings.Get(TubeletFrames, "Pretrain:TubeletFrames"),
            FrameChannels = settings.Get(FrameChannels, "Pretrain:FrameChannels"),
            Kernel = settings.Get(Kernel, "Pretrain:Kernel"),
            ContextFrames = settings.Get(ContextFrames, "Pretrain:ContextFrames"),
            NormalizeTargets = !settings.Get(RawTargets, "Pretrain:RawTargets"),
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join("; ", problems));
        }
        var result = await TorchErrors.Guard(() => ProgressDisplay.RunAsync("pretrain", Terminal.Interactive(json), bar =>
            PretrainRunner.RunAsync(options, store, new Relay(bar), cancellationToken))).ConfigureAwait(false);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                result.RunName, result.FirstStep, result.FinalStep, result.Cancelled, result.Device, result.LastCheckpoint, result.MetricsPath, result.LossCurvePath,
                seconds = result.Elapsed.TotalSeconds, finalLoss = (result.Metrics.Count > 0 ? result.Metrics[^1] : null)?.Loss,
            }, BlobStoreExtensions.Json));
        }
        else
        {
            var last = (result.Metrics.Count > 0 ? result.Metrics[^1] : null);
            Console.Out.WriteLine($"Pretrained {result.RunName} on {result.Device}: steps {result.FirstStep}->{result.FinalStep} in {result.Elapsed.TotalSeconds:0} s"
                + (last is null ? "" : $", loss {last.Loss:0.0000} (masked {last.MaskedLoss:0.0000}, future {last.FutureLoss:0.0000}), {last.ClipsPerSecond:0.0} clips/s") + ".");
            Console.Out.WriteLine($"Checkpoint: {store.Description} / {result.LastCheckpoint}");
            Console.Out.WriteLine($"Metrics: {result.MetricsPath}; loss curve: {result.LossCurvePath}");
        }
        return result.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
    }

    private sealed class Relay(IProgress<ProgressDisplay.Tick> bar) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Message is not null)
            {
                Terminal.Log(value.Message);
                return;
            }
            var loss = value.Loss is null ? "" : $"loss {value.Loss:0.0000} ";
            bar.Report(new(value.Step, value.TotalSteps, $"{loss}lr {value.LearningRate:0.0e0} {value.ClipsPerSecond:0.0} clips/s ETA {value.Eta:hh\\:mm\\:ss}"));
        }
    }
}
