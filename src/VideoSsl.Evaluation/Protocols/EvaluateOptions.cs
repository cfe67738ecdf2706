using VideoSsl.Evaluation.Labeled;
using VideoSsl.Evaluation.Sampling;

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

    /// <summary>The K of <see cref="LabelsPerClass"/> that stands for every training label ("all" on the command line): min(K, n) keeps all n.</summary>
    public const int AllLabels = int.MaxValue;

    /// <summary>Label budgets, the points of the label-efficiency curve: labeled training videos per class, and "all" for every training label.</summary>
    public IReadOnlyList<int> LabelsPerClass { get; init; } = [1, 2, 5, 10, AllLabels];

    /// <summary>Alternative budget: a fraction of each class's training videos (replaces <see cref="LabelsPerClass"/>).</summary>
    public double? LabelFraction { get; init; }

    /// <summary>Seeds: each budget is evaluated once per seed (label sample, random encoder, head init, fine-tuning order); the report gives mean ± std over them.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0, 1, 2];

    /// <summary>Full-batch steps of each linear probe fit (its L2 penalty is chosen per budget and seed by cross-validation on the labeled sample).</summary>
    public int ProbeEpochs { get; init; } = 300;

    /// <summary>Most folds of the probe's cross-validation (fewer when a class has fewer labeled videos).</summary>
    public int ProbeFolds { get; init; } = 5;

    /// <summary>Fine-tune the pretrained and the scratch encoder (the slow part); false runs the probes only.</summary>
    public bool Finetune { get; init; } = true;

    /// <summary>Most fine-tuning steps per run, the same for the pretrained and the scratch encoder.</summary>
    public int FinetuneSteps { get; init; } = 320;

    /// <summary>Passes over the labeled clips per fine-tuning run: steps = min(finetune-steps, ceil(epochs × clips / finetune-batch)), the same for both arms; unset, every run takes finetune-steps.</summary>
    public double? FinetuneEpochs { get; init; } = 25;

    /// <summary>Clips per fine-tuning step.</summary>
    public int FinetuneBatch { get; init; } = 8;

    /// <summary>Peak learning rate when fine-tuning the pretrained encoder (chosen on validation data: README, "Choosing the model and the protocol").</summary>
    public double FinetuneLearningRate { get; init; } = 5e-4;

    /// <summary>Peak learning rate when fine-tuning from scratch (chosen on validation data for that arm: README, "Choosing the model and the protocol").</summary>
    public double ScratchLearningRate { get; init; } = 3e-3;

    /// <summary>LP-FT: each arm's head starts from its own encoder's cross-validated linear probe (pretrained arm from the pretrained probe, scratch from the random-encoder probe).</summary>
    public bool FinetuneFromProbe { get; init; } = true;

    /// <summary>Most clips per test video averaged at test time (multi-view); clips are cut every half clip.</summary>
    public int Views { get; init; } = 3;

    /// <summary>Ingested dataset of held-out clips for future-frame evaluation; null skips it.</summary>
    public string? FutureDataset { get; init; }

    /// <summary>Held-out clips used for future-frame metrics.</summary>
    public int FutureClips { get; init; } = 200;

    /// <summary>Put the future-frame results next to a benchmark's published ones: moving-mnist (OpenSTL's Moving MNIST table; future-frame targets then follow issue 22: MSE at most 0.35 x copy-last). Needs --future-dataset.</summary>
    public string? Benchmark { get; init; }

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>The budgets evaluated, smallest first: the fraction (which replaces the K values, "all" excepted), or each K per class; then all labels.</summary>
    public IReadOnlyList<LabelBudget> Budgets()
    {
        var few = LabelFraction is { } f ? [LabelBudget.Fraction(f)] : LabelsPerClass.Where(k => k != AllLabels).Distinct().Order().Select(LabelBudget.PerClass).ToList();
        return LabelsPerClass.Contains(AllLabels) ? [.. few, LabelBudget.All] : few;
    }

    /// <summary>"1,2,5,10,all": the K values as the command line writes them.</summary>
    public static string Format(IEnumerable<int> labelsPerClass) =>
        string.Join(",", labelsPerClass.Select(k => k == AllLabels ? "all" : k.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Reads "1,2,5,10,all" (commas or the items of a list).</summary>
    /// <exception cref="FormatException">An item is neither a whole number nor "all".</exception>
    public static IReadOnlyList<int> ParseLabelsPerClass(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k =>
            k.Equals("all", StringComparison.OrdinalIgnoreCase) ? AllLabels
            : int.TryParse(k, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
            : throw new FormatException($"'{k}' is neither a whole number nor all"))];

    /// <summary>Fine-tuning steps for a run on <paramref name="clips"/> labeled clips (the same for the pretrained and the scratch encoder).</summary>
    public int FinetuneStepsFor(int clips) =>
        FinetuneEpochs is { } epochs ? Math.Clamp((int)Math.Ceiling(epochs * clips / FinetuneBatch), 1, FinetuneSteps) : FinetuneSteps;

    /// <summary>Returns every problem, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Labeled is null && FutureDataset is null)
        {
            problems.Add("nothing to evaluate: give --labeled (classification) and/or --future-dataset (future-frame quality)");
        }
        if ((LabelsPerClass.Count == 0 && LabelFraction is null) || LabelsPerClass.Any(k => k < 1))
        {
            problems.Add("labels-per-class: give one or more positive counts or all");
        }
        if (LabelFraction is { } f && !(f is > 0 and <= 1))
        {
            problems.Add($"label-fraction: {f} is outside (0, 1]");
        }
        if (Seeds.Count == 0)
        {
            problems.Add("seeds: give at least one");
        }
        if (ProbeEpochs < 1 || ProbeFolds < 2 || FinetuneSteps < 1 || FinetuneBatch < 1 || Views < 1 || FutureClips < 1)
        {
            problems.Add("probe-epochs, finetune-steps, finetune-batch, views and future-clips must be positive, probe-folds at least 2");
        }
        if (!(FinetuneLearningRate > 0) || !(ScratchLearningRate > 0))
        {
            problems.Add("finetune-lr and scratch-lr must be positive");
        }
        if (Benchmark is not null && Benchmark != Benchmarks.MovingMnistBenchmark.Name)
        {
            problems.Add($"benchmark: '{Benchmark}' is not {Benchmarks.MovingMnistBenchmark.Name}");
        }
        if (Benchmark is not null && FutureDataset is null)
        {
            problems.Add("benchmark: compares future-frame results; give --future-dataset (the benchmark's test set)");
        }
        if (FinetuneEpochs is { } epochs && !(epochs > 0))
        {
            problems.Add($"finetune-epochs: {epochs} must be positive");
        }
        return problems;
    }
}
