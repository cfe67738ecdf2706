using System.Globalization;
using System.Text.Json;
using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;
using VideoSsl.Evaluation.Benchmarks;
using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Reporting;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Synth.Digits;
using VideoSsl.Training;
using static TorchSharp.torch;

namespace VideoSsl.Evaluation.Protocols;

/// <summary>Runs a whole evaluation of a pretraining run and writes its report: classification protocols, future-frame quality, pretraining summary, targets.</summary>
public static class EvaluateRunner
{
    /// <summary>Labels per class at which the classification targets are checked (the largest K evaluated when 10 is not).</summary>
    public const int TargetLabelsPerClass = 10;

    /// <summary>Top-1 % the linear probe on the pretrained encoder must reach (mean over seeds).</summary>
    public const double ProbeTarget = 45;

    /// <summary>Fine-tuning top-1 points the pretrained encoder must gain over training from scratch (mean over seeds).</summary>
    public const double FinetuneGainTarget = 15;

    /// <summary>Largest model-MSE / copy-last-MSE ratio accepted for future frames.</summary>
    public const double FutureRatioTarget = 0.6;

    /// <summary>The same ratio on the Moving MNIST benchmark (issue 22's CPU setting).</summary>
    public const double MovingMnistRatioTarget = 0.35;

    /// <summary>Training clips the mean-frame baseline averages.</summary>
    private const int MeanFrameClips = 500;

    /// <summary>Evaluates and writes runs/{run}/report.md, report.json and figures; returns the report and where it went.</summary>
    public static async Task<(EvaluationReport Report, WrittenReport Written)> RunAsync(
        EvaluateOptions options, IBlobStore store, Action<string> log, string reproduceCommand, CancellationToken cancellationToken = default)
    {
        // The checkpoint is read once; each protocol that needs the pretrained weights gets a fresh model built from it.
        var (clock, device, checkpoint) = await RunCheckpointStart.OpenAsync("evaluate", options.Validate(), options.Device, store, options.Run, cancellationToken).ConfigureAwait(false);
        var header = checkpoint.Header;
        var config = header.Model;
        var spec = LabeledClips.SpecFor(config);
        log($"Evaluating run '{options.Run}' (step {header.Step}, {config.Describe()}) on {TorchRuntime.Describe(device)}.");

        var datasets = new List<DatasetSummary>();
        LabeledClips? labeled = null;
        if (options.Labeled is not null)
        {
            labeled = await LabeledClips.LoadAsync(store, options, spec, log, cancellationToken).ConfigureAwait(false);
            datasets.Add(new DatasetSummary(options.Dataset, labeled.Dataset.Info.Version, "labeled (probe, fine-tune)", labeled.Set.Layout.ToString(), labeled.Classes.Count,
                labeled.Train.Select(e => e.VideoId).Distinct().Count(), labeled.Test.Select(e => e.VideoId).Distinct().Count(), labeled.Dataset.Count));
        }
        List<byte[]>? heldOut = null;
        IReadOnlyList<byte[]>? training = null;
        List<string> heldOutClasses = [];
        var futureSource = "";
        ClipShape futureShape = default;
        if (options.FutureDataset is not null)
        {
            var future = await ClipDataset.OpenAsync(store, options.FutureDataset, cancellationToken: cancellationToken).ConfigureAwait(false);
            futureShape = future.Shape;
            var (sample, split) = FutureFrameSample.Select(future.Entries, options.FutureClips);
            heldOut = [];
            foreach (var entry in sample)
            {
                heldOut.Add(await future.ReadClipAsync(entry.Clip, cancellationToken).ConfigureAwait(false));
                heldOutClasses.Add(FutureFrameSample.ClassOf(entry));
            }
            futureSource = $"{options.FutureDataset}, {(split == "all" ? "all clips" : split + " split")}, {sample.Count / Math.Max(1, heldOutClasses.Distinct().Count())} clips from each of {heldOutClasses.Distinct().Count()} classes";
            training = await TrainingClipsAsync(store, header.Options, cancellationToken).ConfigureAwait(false);
            datasets.Add(new DatasetSummary(options.FutureDataset, future.Info.Version, "held out (future frames)", null, 0, 0, future.Count, future.Count));
        }

        // All tensor work on one dedicated thread.
        var (runs, futureReport, strips, parameters) = await Task.Factory.StartNew(() =>
        {
            VideoModel LoadPretrained() => PretrainedModel.FromCheckpoint(checkpoint, device);
            IReadOnlyList<ProtocolRun> protocolRuns = labeled is null ? [] : new ClassificationProtocols(labeled, options, LoadPretrained, config, device, log).Run(cancellationToken);
            FutureFrameReport? section = null;
            IReadOnlyList<Reporting.Figures.PredictionStrip> pictures = [];
            long parameterCount = 0;
            if (heldOut is not null)
            {
                log($"Predicting future frames for {heldOut.Count} held-out clips ...");
                using var model = LoadPretrained();
                parameterCount = model.parameters().Sum(p => p.numel());
                (section, pictures) = FutureFrameProtocol.Run(model, heldOut, heldOutClasses, training!, futureShape, device, futureSource);
            }
            return (protocolRuns, section, pictures, parameterCount);
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);

        var pretraining = await PretrainingAsync(store, options.Run, header, cancellationToken).ConfigureAwait(false);
        var benchmark = options.Benchmark is null || futureReport is null ? null
            : MovingMnistBenchmark.Compare(futureReport, new RunBudget(config.Describe(), parameters, (long)header.Step * header.Options.Input.BatchSize * header.Options.GradAccumulation,
                pretraining?.WallSeconds, await PretrainDeviceAsync(store, options.Run, cancellationToken).ConfigureAwait(false)));
        var report = new EvaluationReport
        {
            Run = options.Run,
            Datasets = datasets,
            Seeds = options.Seeds,
            Settings = Settings(options, header, config, device),
            Protocols = runs,
            LabelCurve = LabelCurve.From(runs),
            FutureFrames = futureReport,
            Benchmark = benchmark,
            Pretraining = pretraining,
            Targets = Targets(runs, futureReport, benchmark is null ? FutureRatioTarget : MovingMnistRatioTarget),
            ReproduceCommand = reproduceCommand,
        };
        var written = await ReportWriter.WriteAsync(store, report, strips, cancellationToken: cancellationToken).ConfigureAwait(false);
        log($"Evaluation finished in {clock.Elapsed.TotalSeconds:0} s.");
        return (report, written);
    }

    /// <summary>
    /// The targets, at 10 labels per class (mean over seeds, test split): fine-tuning from the pretrained encoder at
    /// least the hand-crafted motion-energy probe and at least 15 points above scratch, the pretrained encoder's linear
    /// probe at least 45 %; future frames at most <paramref name="futureRatio"/> × copy-last's MSE (0.6; 0.35 on the
    /// Moving MNIST benchmark), and SSIM at least copy-last's overall and at the last predicted frame.
    /// </summary>
    public static IReadOnlyList<TargetCheck> Targets(IReadOnlyList<ProtocolRun> runs, FutureFrameReport? future, double futureRatio = FutureRatioTarget)
    {
        var targets = new List<TargetCheck>();
        var perClass = runs.Where(r => r.Budget.LabelsPerClass is not null).Select(r => r.Budget.LabelsPerClass!.Value).Distinct().ToList();
        var k = perClass.Contains(TargetLabelsPerClass) ? TargetLabelsPerClass : perClass.Count > 0 ? perClass.Max() : (int?)null;
        var atK = runs.Where(r => r.Budget.LabelsPerClass == k).ToList();
        double Mean(EvaluationProtocol p) => atK.Where(r => r.Protocol == p).Select(r => 100 * r.Result.Top1).DefaultIfEmpty(double.NaN).Average();
        if (atK.Count > 0)
        {
            var seeds = atK.Select(r => r.Seed).Distinct().Count();
            var where = $"{k} labels/class, mean of {seeds} seed{(seeds == 1 ? "" : "s")}, test split";
            if (atK.Any(r => r.Protocol == EvaluationProtocol.FinetunePretrained))
            {
                targets.Add(new TargetCheck($"fine-tuning from pretrained minus the motion-energy probe, top-1 ({where})", 0,
                    Mean(EvaluationProtocol.FinetunePretrained) - Mean(EvaluationProtocol.MotionEnergyProbe), TargetDirection.AtLeast, "points"));
                targets.Add(new TargetCheck($"fine-tuning: pretrained minus scratch, top-1 ({where})", FinetuneGainTarget,
                    Mean(EvaluationProtocol.FinetunePretrained) - Mean(EvaluationProtocol.FinetuneScratch), TargetDirection.AtLeast, "points"));
            }
            targets.Add(new TargetCheck($"linear probe on the pretrained encoder, top-1 ({where})", ProbeTarget,
                Mean(EvaluationProtocol.PretrainedProbe), TargetDirection.AtLeast, "%"));
        }
        if (future is not null)
        {
            FutureFrameResult Row(string method) => future.Rows.Single(r => r.Method == method).Metrics;
            var (model, copy) = (Row(FutureFrameReport.Model), Row(FutureFrameReport.CopyLast));
            targets.Add(new TargetCheck("future-frame MSE / copy-last-frame MSE", futureRatio, model.Mse / copy.Mse, TargetDirection.AtMost, "x"));
            targets.Add(new TargetCheck("future-frame SSIM minus copy-last-frame SSIM (all predicted frames)", 0, model.Ssim - copy.Ssim, TargetDirection.AtLeast));
            targets.Add(new TargetCheck("future-frame SSIM minus copy-last-frame SSIM (last predicted frame)", 0, model.SsimPerStep[^1] - copy.SsimPerStep[^1], TargetDirection.AtLeast));
        }
        return targets;
    }

    private static Dictionary<string, string> Settings(EvaluateOptions options, CheckpointHeader header, VideoModelConfig config, Device device) => new()
    {
        ["pretrain run"] = $"{options.Run} (step {header.Step})",
        ["pretrain datasets"] = header.Options.Dataset,
        ["model"] = config.Describe(),
        ["device"] = TorchRuntime.Describe(device),
        ["label budgets"] = string.Join(", ", options.Budgets()),
        ["seeds"] = $"{string.Join(", ", options.Seeds)} (label sample, random encoder init, head init, fine-tuning order)",
        ["linear probe"] = $"L2-regularized logistic regression on standardized encoder features ({config.Describe().Split(':')[0]}: {FeatureText(config)}), "
            + $"{options.ProbeEpochs} full-batch steps; L2 chosen per budget and seed by {options.ProbeFolds}-fold cross-validation on the labeled sample (stratified, grouped by video)",
        ["fine-tuning"] = (options.FinetuneEpochs is { } epochs
                ? $"{epochs.ToString(CultureInfo.InvariantCulture)} passes over the labeled clips, at most {options.FinetuneSteps} steps"
                : $"{options.FinetuneSteps} steps")
            + $", batch {options.FinetuneBatch}, the same schedule for both arms; peak lr {Number(options.FinetuneLearningRate)} (pretrained), {Number(options.ScratchLearningRate)} (scratch)"
            + (options.FinetuneFromProbe ? "; LP-FT: each arm's head starts from its own encoder's probe" : "")
            + "; one random view per clip per step, no spatial crop, no flip",
        ["test views"] = $"up to {options.Views} clips per test video, softmax averaged",
        ["future clips"] = options.FutureDataset is null ? "-" : $"{options.FutureClips} from {options.FutureDataset}",
    };

    private static string Number(double value) => value.ToString("g3", CultureInfo.InvariantCulture);

    // What the probe's features are, per family.
    private static string FeatureText(VideoModelConfig config) => config.Arch == VideoArch.Conv
        ? $"the last translator block's MLP activation max-pooled over space, averaged over the clip's {config.ContextFrames}-frame views, each shown as pretraining showed context"
        : "mean-pooled tokens of the whole clip";

    private static async Task<PretrainingSummary?> PretrainingAsync(IBlobStore store, string run, CheckpointHeader header, CancellationToken cancellationToken)
    {
        var path = new RunLayout(run).Metrics;
        if (!await store.ExistsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        var points = new List<LossPoint>();
        double? seconds = null;
        foreach (var line in (await store.ReadTextAsync(path, cancellationToken).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var m = JsonSerializer.Deserialize<StepMetrics>(line, BlobStoreExtensions.Json);
            if (m is null)
            {
                continue;
            }
            var losses = new Dictionary<string, double> { ["total"] = m.Loss };
            if (m.MaskedLoss is { } masked)
            {
                losses["masked"] = masked;
            }
            if (m.FutureLoss is { } futureLoss)
            {
                losses["future"] = futureLoss;
            }
            points.Add(new LossPoint(m.Step, losses));
            seconds = m.ElapsedSeconds;
        }
        var objectives = new List<string>();
        if (header.Options.Objective.FutureRatio < 1)
        {
            objectives.Add($"masked (tube ratio {header.Options.Objective.MaskRatio})");
        }
        if (header.Options.Objective.FutureRatio > 0)
        {
            objectives.Add($"future frames (share {header.Options.Objective.FutureRatio})");
        }
        return new PretrainingSummary(objectives, header.Step, seconds, points);
    }

    // The clips the run trained on, for the mean frame: generated sequences of the same digits, or the pretraining datasets' first clips.
    private static async Task<IReadOnlyList<byte[]>> TrainingClipsAsync(IBlobStore store, PretrainOptions pretrain, CancellationToken cancellationToken)
    {
        if (pretrain.Generate is not null)
        {
            var digits = await DigitSets.LoadAsync(pretrain.Digits, cancellationToken).ConfigureAwait(false);
            return MovingMnistBatchSource.HeldOutSequences(digits.Train, pretrain.Seed, MeanFrameClips);
        }
        var trainingSet = await ClipDataset.OpenManyAsync(store, PretrainOptions.SplitDatasets(pretrain.Dataset), ct: cancellationToken).ConfigureAwait(false);
        return await ReadClipsAsync(trainingSet, MeanFrameClips, cancellationToken).ConfigureAwait(false);
    }

    // The device pretraining ran on, as its runs/{run}/config.json records it.
    private static async Task<string> PretrainDeviceAsync(IBlobStore store, string run, CancellationToken cancellationToken)
    {
        var path = BlobPath.Join("runs", run, "config.json");
        if (!await store.ExistsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            return "an unrecorded device";
        }
        using var config = JsonDocument.Parse(await store.ReadTextAsync(path, cancellationToken).ConfigureAwait(false));
        return config.RootElement.TryGetProperty("device", out var device) && device.GetString() is { } name ? name : "an unrecorded device";
    }

    private static async Task<List<byte[]>> ReadClipsAsync(ClipDataset dataset, int limit, CancellationToken cancellationToken)
    {
        var clips = new List<byte[]>();
        await foreach (var (_, pixels) in dataset.StreamAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            clips.Add(pixels.ToArray());
            if (clips.Count >= limit)
            {
                break;
            }
        }
        return clips;
    }
}
