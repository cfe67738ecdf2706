using VideoSsl.Evaluation.Labeled;

namespace VideoSsl.Evaluation.Protocols;

/// <summary>Settings of one evaluation: which pretrained run, which labeled set, which few-label budgets and protocols.</summary>
public sealed record EvaluateOptions
{
    /// <summary>The run whose latest pretraining checkpoint is evaluated; the report goes to runs/{Run}/.</summary>
    public string Run { get; init; } = "pretrain";

    /// <summary>Name the labeled clips are ingested under.</summary>
    public string Dataset { get; init; } = "labeled";

    /// <summary>Folder of the labeled videos (folder per class, UCF101, Kinetics CSV or VideoMAE lists); null skips classification.</summary>
    public string? Labeled { get; init; }

    /// <summary>Annotation layout of <see cref="Labeled"/>.</summary>
    public LabeledLayout Layout { get; init; } = LabeledLayout.Auto;

    /// <summary>Few-label budgets: labeled training videos per class, one evaluation each.</summary>
    public IReadOnlyList<int> LabelsPerClass { get; init; } = [10];

    /// <summary>Alternative budget: a fraction of each class's training videos (replaces <see cref="LabelsPerClass"/>).</summary>
    public double? LabelFraction { get; init; }

    /// <summary>Seeds: each budget is evaluated once per seed (label sample, head init, fine-tuning order).</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0];

    /// <summary>Full-batch steps of the linear probe.</summary>
    public int ProbeEpochs { get; init; } = 300;

    /// <summary>Fine-tuning steps, the same for the pretrained and the scratch encoder.</summary>
    public int FinetuneSteps { get; init; } = 200;

    /// <summary>Clips per fine-tuning step.</summary>
    public int FinetuneBatch { get; init; } = 8;

    /// <summary>Fine-tuning peak learning rate.</summary>
    public double FinetuneLearningRate { get; init; } = 5e-4;

    /// <summary>Most clips per test video averaged at test time (multi-view); clips are cut every half clip.</summary>
    public int Views { get; init; } = 3;

    /// <summary>Ingested dataset of held-out clips for future-frame evaluation; null skips it.</summary>
    public string? FutureDataset { get; init; }

    /// <summary>Held-out clips used for future-frame metrics.</summary>
    public int FutureClips { get; init; } = 200;

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Returns every problem, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Labeled is null && FutureDataset is null)
        {
            problems.Add("nothing to evaluate: give --labeled (classification) and/or --future-dataset (future-frame quality)");
        }
        if (LabelsPerClass.Count == 0 && LabelFraction is null || LabelsPerClass.Any(k => k < 1))
        {
            problems.Add("labels-per-class: give one or more positive counts");
        }
        if (LabelFraction is { } f && !(f is > 0 and <= 1))
        {
            problems.Add($"label-fraction: {f} is outside (0, 1]");
        }
        if (Seeds.Count == 0)
        {
            problems.Add("seeds: give at least one");
        }
        if (ProbeEpochs < 1 || FinetuneSteps < 1 || FinetuneBatch < 1 || Views < 1 || FutureClips < 1)
        {
            problems.Add("probe-epochs, finetune-steps, finetune-batch, views and future-clips must be positive");
        }
        return problems;
    }
}
