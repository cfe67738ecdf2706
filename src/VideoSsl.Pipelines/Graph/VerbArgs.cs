using System.Globalization;
using VideoSsl.Evaluation.Protocols;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Graph;

/// <summary>The <c>videossl</c> command line of each stage kind: the one place that knows the verbs' flag names.</summary>
public static class VerbArgs
{
    /// <summary>The synth verb writing a dataset's videos into its folder (not moving-mnist: see <see cref="Ingest"/>).</summary>
    public static IReadOnlyList<string> Synth(DatasetSpec dataset)
    {
        var synth = dataset.Synth ?? throw new ArgumentException($"Dataset {dataset.Name} is not synthetic.", nameof(dataset));
        var argv = synth.Generator == SynthGenerator.MovingDigits
            ? new List<string> { "synth", "moving-digits", "--out", dataset.Source }
            : ["synth", "actions", "--out", dataset.Source];
        Add(argv, "--count", synth.Count);
        Add(argv, "--videos-per-class", synth.VideosPerClass);
        Add(argv, "--test-fraction", synth.TestFraction);
        Add(argv, "--frames", synth.Frames);
        Add(argv, "--seed", (int?)synth.Seed);
        Add(argv, "--workers", synth.Workers);
        return argv;
    }

    /// <summary>Ingest for datasets of videos; for moving-mnist, the verb that writes its sequences straight into the store.</summary>
    public static IReadOnlyList<string> Ingest(DatasetSpec dataset, IngestSettings defaults)
    {
        if (dataset.IsWrittenToStore)
        {
            var synth = dataset.Synth!;
            var written = new List<string> { "synth", "moving-mnist", "--dataset", dataset.Name };
            Add(written, "--count", synth.Count);
            Add(written, "--seed", (int?)synth.Seed);
            Add(written, "--digits", synth.Digits);
            Add(written, "--idx", synth.Idx);
            return written;
        }

        var settings = dataset.Ingest.Over(defaults);
        var argv = new List<string> { "ingest", "--source", dataset.Source, "--dataset", dataset.Name };
        Add(argv, "--fps", settings.Fps);
        Add(argv, "--size", settings.Size);
        Add(argv, "--color", settings.Color);
        Add(argv, "--frames", settings.Frames);
        Add(argv, "--stride", settings.Stride);
        Add(argv, "--workers", settings.Workers);
        // A labeled dataset is ingested with its labels, so its clips carry label and split (evaluate then finds them done).
        Add(argv, "--labels", dataset.Labels is null ? null : dataset.Labels == "folder-per-class" ? "folder" : dataset.Labels);
        return argv;
    }

    public static IReadOnlyList<string> Pretrain(PretrainSpec pretrain, string run)
    {
        var argv = new List<string> { "pretrain" };
        foreach (var dataset in pretrain.Datasets)
        {
            argv.AddRange(["--dataset", dataset]);
        }

        Add(argv, "--generate", pretrain.Generate);
        Add(argv, "--digits", pretrain.Digits);
        Add(argv, "--idx", pretrain.Idx);
        Add(argv, "--device", pretrain.Device);
        argv.AddRange(["--run", run, "--arch", pretrain.Arch.ToString().ToLowerInvariant(), "--preset", pretrain.Preset]);
        Add(argv, "--patch-size", pretrain.PatchSize);
        Add(argv, StepsFlag, (int?)pretrain.Steps);
        Add(argv, "--batch-size", pretrain.Batch);
        Add(argv, "--future-ratio", pretrain.FutureRatio);
        return argv;
    }

    /// <summary>Evaluation reads the labeled dataset's source in its layout (ingest has already stored its clips with labels); future-frame scores use <c>futureDataset</c>.</summary>
    /// <param name="labeled">The labeled dataset; null scores future frames only.</param>
    public static IReadOnlyList<string> Evaluate(EvaluateSpec evaluate, DatasetSpec? labeled, string run)
    {
        var argv = new List<string> { "evaluate", "--run", run };
        if (labeled is not null)
        {
            argv.AddRange(["--dataset", labeled.Name, "--labeled", labeled.Source]);
            Add(argv, "--layout", labeled.Labels == "folder-per-class" ? "folder" : labeled.Labels); // the verb calls this layout "folder"
            Add(argv, "--labels-per-class", EvaluateOptions.Format(evaluate.LabelsPerClass));
        }
        Add(argv, "--probe-epochs", evaluate.ProbeEpochs);
        Add(argv, "--finetune-steps", evaluate.FinetuneSteps);
        Add(argv, "--finetune-epochs", evaluate.FinetuneEpochs);
        Add(argv, "--finetune-batch", evaluate.FinetuneBatch);
        Add(argv, "--seeds", string.Join(",", evaluate.Seeds));
        Add(argv, "--views", evaluate.Views);
        Add(argv, "--future-dataset", evaluate.FutureDataset);
        Add(argv, "--future-clips", evaluate.FutureClips);
        Add(argv, "--benchmark", evaluate.Benchmark);
        return argv;
    }

    /// <summary>The pretrain flag for the step target (rewritten when <c>resume: true</c> adds steps).</summary>
    public const string StepsFlag = "--steps";

    /// <summary>The pretrain flag that continues the latest checkpoint.</summary>
    public const string ResumeFlag = "--resume";

    private static void Add<T>(List<string> argv, string flag, T? value)
        where T : struct, IFormattable
    {
        if (value is { } v)
        {
            argv.AddRange([flag, v.ToString(null, CultureInfo.InvariantCulture)]);
        }
    }

    private static void Add(List<string> argv, string flag, string? value)
    {
        if (value is not null)
        {
            argv.AddRange([flag, value]);
        }
    }
}
