using VideoSsl.Evaluation.Protocols;

namespace VideoSsl.Pipelines.Spec;

// What SpecValidator checks of the pretrain and evaluate stages.
internal sealed partial class SpecValidator
{
    /// <summary>What <c>generate:</c> and the benchmark accept: the Moving MNIST protocol.</summary>
    private const string MovingMnist = "moving-mnist";

    private PretrainSpec? Pretrain(PretrainFile? pretrain, IReadOnlyList<DatasetSpec> datasets)
    {
        const string path = "stages.pretrain";
        if (pretrain is null)
        {
            return null;
        }
        if (pretrain.Generate is { } generate && generate != MovingMnist)
        {
            problems.Add($"{path}.generate", $"'{generate}' is not {MovingMnist}");
        }
        if (pretrain.Generate is not null && pretrain.Datasets is not null)
        {
            problems.Add($"{path}.datasets", "give datasets: or generate:, not both (generated sequences are trained on alone)");
        }
        if (pretrain.Generate is null && (pretrain.Digits is not null || pretrain.Idx is not null))
        {
            problems.Add($"{path}.{(pretrain.Digits is not null ? "digits" : "idx")}", "applies only with generate: (the digits generated sequences are drawn from)");
        }
        var names = pretrain.Generate is not null ? [] : pretrain.Datasets ?? datasets.Select(d => d.Name).ToList();
        foreach (var missing in names.Where(n => datasets.All(d => d.Name != n)))
        {
            problems.Add($"{path}.datasets", $"dataset '{missing}' is not defined under datasets:");
        }
        if (pretrain.Preset is not (null or "tiny" or "small" or "base"))
        {
            problems.Add($"{path}.preset", $"'{pretrain.Preset}' is not tiny, small or base");
        }
        if (pretrain.Device is { } device && !(device is "auto" or "cpu" || device == "cuda" || (device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device[5..], out _))))
        {
            problems.Add($"{path}.device", $"'{device}' is not auto, cpu, cuda or cuda:N");
        }
        var spec = new PretrainSpec
        {
            Datasets = names,
            Generate = pretrain.Generate,
            Digits = pretrain.Generate is null ? null : Digits(pretrain.Digits, pretrain.Idx, path),
            Idx = pretrain.Idx,
            Device = pretrain.Device,
            Batch = Int(pretrain.Batch, $"{path}.batch", 1, 65_536),
            PatchSize = Int(pretrain.PatchSize, $"{path}.patchSize", 1, 1_024),
            FutureRatio = FutureRatio(pretrain.Objectives, path),
            Resume = Bool(pretrain.Resume, $"{path}.resume") ?? false,
            Order = Order(pretrain.After, $"{path}.after"),
        };
        spec = pretrain.Preset is null ? spec : spec with { Preset = pretrain.Preset };
        if (pretrain.Arch is { } arch)
        {
            if (Enum.TryParse<VideoSsl.Models.VideoArch>(arch, ignoreCase: true, out var family) && Enum.IsDefined(family) && !int.TryParse(arch, out _))
            {
                spec = spec with { Arch = family };
            }
            else
            {
                problems.Add($"{path}.arch", $"'{arch}' is not conv or vit");
            }
        }
        return Int(pretrain.Steps, $"{path}.steps", 1) is { } steps ? spec with { Steps = steps } : spec;
    }

    // digits: mnist, idx (with idx: FILE) or glyphs, as the verbs' --digits and --idx take them.
    private string? Digits(string? digits, string? idx, string path)
    {
        if (digits is not (null or "mnist" or "idx" or "glyphs"))
        {
            problems.Add($"{path}.digits", $"'{digits}' is not mnist, idx or glyphs");
        }
        if ((digits == "idx") != (idx is not null))
        {
            problems.Add($"{path}.{(idx is null ? "digits" : "idx")}", "digits: idx and idx: FILE go together (the MNIST-format image file)");
        }
        return digits;
    }

    private double? FutureRatio(ObjectivesFile? objectives, string pretrain)
    {
        if (objectives is null)
        {
            return null;
        }
        var masked = Double(objectives.Masked, $"{pretrain}.objectives.masked", 0, 1_000) ?? 0;
        var future = Double(objectives.Future, $"{pretrain}.objectives.future", 0, 1_000) ?? 0;
        return masked + future > 0 ? future / (masked + future) : Problem<double?>($"{pretrain}.objectives", "give a positive weight to masked:, future: or both", null);
    }

    private EvaluateSpec? Evaluate(EvaluateFile? evaluate, IReadOnlyList<DatasetSpec> datasets, bool hasPretrain)
    {
        const string path = "stages.evaluate";
        if (evaluate is null)
        {
            return null;
        }
        if (!hasPretrain)
        {
            problems.Add(path, "needs a pretrain stage: evaluation measures what pretraining bought");
        }
        var dataset = evaluate.Dataset;
        if (dataset is null && evaluate.FutureDataset is null)
        {
            problems.Add($"{path}.dataset", "is required: the labeled dataset (or give futureDataset: alone to score future frames only)");
        }
        var found = datasets.FirstOrDefault(d => d.Name == dataset);
        if (dataset is not null && found is null)
        {
            problems.Add($"{path}.dataset", $"dataset '{dataset}' is not defined under datasets:");
        }
        else if (found is { Labels: null })
        {
            problems.Add($"{path}.dataset", $"dataset '{dataset}' has no labels: give it labels: ucf101 (or use synth generator actions)");
        }
        if (dataset is not null && evaluate.LabelsPerClass is null)
        {
            problems.Add($"{path}.labelsPerClass", "is required: labeled videos per class to train with, e.g. [1, 2, 5, 10, all]");
        }
        if (dataset is null && evaluate.LabelsPerClass is not null)
        {
            problems.Add($"{path}.labelsPerClass", "applies only with dataset: (the labeled dataset)");
        }
        if (evaluate.FutureDataset is { } future && datasets.All(d => d.Name != future))
        {
            problems.Add($"{path}.futureDataset", $"dataset '{future}' is not defined under datasets: (it names the dataset of held-out clips for future-frame scores)");
        }
        var futureClips = Int(evaluate.FutureClips, $"{path}.futureClips", 1);
        if (futureClips is not null && evaluate.FutureDataset is null)
        {
            problems.Add($"{path}.futureClips", "applies only with futureDataset: (the dataset the clips are taken from)");
        }
        if (evaluate.Benchmark is { } benchmark && (benchmark != MovingMnist || evaluate.FutureDataset is null))
        {
            problems.Add($"{path}.benchmark", benchmark != MovingMnist ? $"'{benchmark}' is not {MovingMnist}" : "needs futureDataset: (the benchmark's test set)");
        }
        var spec = new EvaluateSpec
        {
            Dataset = dataset,
            LabelsPerClass = evaluate.LabelsPerClass?.Select((k, i) => k == "all" ? EvaluateOptions.AllLabels : Int(k, $"{path}.labelsPerClass[{i}]", 1)).OfType<int>().ToList() ?? [],
            ProbeEpochs = Int(evaluate.Probe?.Epochs, $"{path}.probe.epochs", 1),
            FinetuneSteps = Int(evaluate.Finetune?.Steps, $"{path}.finetune.steps", 0),
            FinetuneEpochs = Double(evaluate.Finetune?.Epochs, $"{path}.finetune.epochs", 0.01, 100_000),
            FinetuneBatch = Int(evaluate.FinetuneBatch, $"{path}.finetuneBatch", 1, 65_536),
            Views = Int(evaluate.Views, $"{path}.views", 1, 1_000),
            FutureDataset = evaluate.FutureDataset,
            FutureClips = futureClips,
            Benchmark = evaluate.Benchmark,
            Order = Order(evaluate.After, $"{path}.after"),
        };
        return Ints(evaluate.Seeds, $"{path}.seeds", 0) is { } seeds ? spec with { Seeds = seeds } : spec;
    }
}
