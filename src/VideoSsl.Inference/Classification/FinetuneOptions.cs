using VideoSsl.Evaluation.Labeled;
using VideoSsl.Evaluation.Protocols;

namespace VideoSsl.Inference.Classification;

/// <summary>
/// Settings of <c>videossl finetune</c>: which pretrained run, which labeled set and label budget, and the run the
/// classifier is saved as. The protocol itself (steps, learning rate, LP-FT, views) is evaluate's, at its defaults
/// (<see cref="EvaluateOptions"/>), so a saved classifier is the one evaluation scores.
/// </summary>
public sealed record FinetuneOptions
{
    /// <summary>The pretraining run whose latest checkpoint is fine-tuned.</summary>
    public string Run { get; init; } = "pretrain";

    /// <summary>Folder of the labeled videos (folder per class, UCF101, Kinetics CSV or VideoMAE lists); its test split, when it has one, is scored.</summary>
    public string? Labeled { get; init; }

    /// <summary>Annotation layout of <see cref="Labeled"/>.</summary>
    public LabeledLayout Layout { get; init; } = LabeledLayout.Auto;

    /// <summary>Name the labeled clips are ingested under (shared with evaluate: a set already ingested is not decoded again).</summary>
    public string Dataset { get; init; } = "labeled";

    /// <summary>Labeled training videos per class fine-tuned on (a seeded sample); unset or "all", every training video.</summary>
    public int? LabelsPerClass { get; init; }

    /// <summary>Seeds the label sample, the head and the fine-tuning order.</summary>
    public int Seed { get; init; }

    /// <summary>The run the classifier is saved as: runs/{out-run}/checkpoints/ and runs/{out-run}/finetune.json.</summary>
    public string? OutRun { get; init; }

    /// <summary>Torch device: auto, cpu, cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Evaluate's settings for this one budget and seed: the protocol the classifier is trained with.</summary>
    public EvaluateOptions ToEvaluateOptions() => new()
    {
        Run = Run,
        Dataset = Dataset,
        Labeled = Labeled,
        Layout = Layout,
        LabelsPerClass = [LabelsPerClass ?? EvaluateOptions.AllLabels],
        Seeds = [Seed],
        Device = Device,
    };

    /// <summary>"all" or the count, as the command line writes it.</summary>
    public static string FormatLabelsPerClass(int? labelsPerClass) => labelsPerClass is { } k ? EvaluateOptions.Format([k]) : "all";

    /// <summary>Reads one count, or "all" (null).</summary>
    public static int? ParseLabelsPerClass(string text) =>
        EvaluateOptions.ParseLabelsPerClass(text) is [var k] ? (k == EvaluateOptions.AllLabels ? null : k) : throw new FormatException($"'{text}' is not one count or all");

    /// <summary>Returns every problem, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Labeled))
        {
            problems.Add("labeled: give the folder of labeled videos");
        }
        if (string.IsNullOrWhiteSpace(OutRun))
        {
            problems.Add("out-run: give the run name the classifier is saved as");
        }
        else if (OutRun == Run)
        {
            problems.Add($"out-run: '{OutRun}' is the pretraining run; the classifier needs a run of its own");
        }
        if (LabelsPerClass is < 1)
        {
            problems.Add($"labels-per-class: {LabelsPerClass} must be at least 1 (or all)");
        }
        return problems;
    }
}
