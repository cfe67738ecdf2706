using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Sampling;

namespace VideoSsl.Evaluation.Reporting;

/// <summary>Everything one evaluation run found, as written to <c>report.json</c> and rendered to <c>report.md</c>.</summary>
public sealed record EvaluationReport
{
    /// <summary>The run's name; the report lives under <c>runs/{Run}/</c>.</summary>
    public required string Run { get; init; }

    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The pretraining and labeled datasets used.</summary>
    public IReadOnlyList<DatasetSummary> Datasets { get; init; } = [];

    /// <summary>The seeds every protocol was run with.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [];

    /// <summary>Settings worth reading next to the results (model size, epochs, learning rates, views …).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>One entry per (protocol, label budget, seed).</summary>
    public IReadOnlyList<ProtocolRun> Protocols { get; init; } = [];

    /// <summary>Top-1 against labels per class, one point per (protocol, K); see <see cref="Reporting.LabelCurve.From"/>.</summary>
    public IReadOnlyList<LabelCurvePoint> LabelCurve { get; init; } = [];

    public FutureFrameReport? FutureFrames { get; init; }

    /// <summary>The future-frame results next to a benchmark's published ones (<c>--benchmark</c>), or null.</summary>
    public Benchmarks.BenchmarkComparison? Benchmark { get; init; }

    public PretrainingSummary? Pretraining { get; init; }

    /// <summary>Targets the run is held to, each passed or failed.</summary>
    public IReadOnlyList<TargetCheck> Targets { get; init; } = [];

    /// <summary>The command that reproduces this run.</summary>
    public string ReproduceCommand { get; init; } = "";
}

/// <summary>The evaluation protocols run on the same splits: four that learn, and one hand-crafted reference.</summary>
public enum EvaluationProtocol
{
    /// <summary>Linear probe on frozen features of the pretrained encoder.</summary>
    PretrainedProbe,

    /// <summary>Linear probe on frozen features of a randomly initialized encoder of the same shape.</summary>
    RandomProbe,

    /// <summary>Full fine-tuning from the pretrained encoder.</summary>
    FinetunePretrained,

    /// <summary>Full fine-tuning from scratch, same budget.</summary>
    FinetuneScratch,

    /// <summary>Reference: the same linear probe on hand-crafted motion-energy features (nothing learned before the probe).</summary>
    MotionEnergyProbe,
}

/// <summary>A dataset taking part in the run.</summary>
/// <param name="Role">"pretrain" or "labeled".</param>
/// <param name="Layout">The annotation layout of a labeled dataset.</param>
public sealed record DatasetSummary(string Name, string Version, string Role, string? Layout, int Classes, int TrainVideos, int TestVideos, int Clips);

/// <summary>One protocol's result at one label budget and seed, scored on the labeled set's test split.</summary>
/// <param name="TrainVideos">Labeled training videos used after sampling.</param>
/// <param name="Views">Clips averaged per test video.</param>
/// <param name="Steps">Fine-tuning steps (null for probes).</param>
public sealed record ProtocolRun(EvaluationProtocol Protocol, LabelBudget Budget, int Seed, int TrainVideos, int Views, ClassificationResult Result, int? Steps = null)
{
    /// <summary>Probes: the L2 penalty cross-validation chose on the labeled sample.</summary>
    public double? ProbePenalty { get; init; }

    /// <summary>Probes: folds of that cross-validation; 0 when a class had one video and the default penalty was used.</summary>
    public int? ProbeFolds { get; init; }

    /// <summary>Fine-tuning: the peak learning rate of the arm.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Fine-tuning: training loss, and top-1 on held-out labeled training videos (never the test split), over steps.</summary>
    public IReadOnlyList<FineTuneCurvePoint>? Curve { get; init; }
}

/// <summary>A logged fine-tuning step: the batch's training loss and, at validation steps, top-1 on the validation videos.</summary>
public sealed record FineTuneCurvePoint(int Step, double Loss, double? ValidationTop1);

/// <summary>One point of the label-efficiency curve: a protocol's top-1 at one budget, over seeds.</summary>
/// <param name="Budget">"1 per class" … or "all".</param>
/// <param name="LabelsPerClass">K, or null for every training label.</param>
/// <param name="VideosPerClass">Labeled videos per class actually used (mean over classes and seeds): the curve's x; K unless a class has fewer.</param>
/// <param name="MeanTop1">Mean top-1 over seeds.</param>
/// <param name="StdTop1">Population standard deviation of top-1 over seeds (the spread between label samples).</param>
/// <param name="TestSamples">Test videos each run was scored on.</param>
/// <param name="Low">Lower end of the 95 % Wilson interval at <paramref name="MeanTop1"/> on <paramref name="TestSamples"/> (the test set's sampling noise).</param>
/// <param name="High">Upper end of that interval.</param>
public sealed record LabelCurvePoint(
    EvaluationProtocol Protocol, string Budget, int? LabelsPerClass, double VideosPerClass, double MeanTop1, double StdTop1, int Seeds, int TestSamples, double Low, double High);

/// <summary>Future-frame metrics of the model and the baselines on the same held-out clips.</summary>
/// <param name="Rows">One per predictor: <see cref="FutureFrameReport.Model"/>, <see cref="FutureFrameReport.CopyLast"/>, <see cref="FutureFrameReport.MeanFrame"/>.</param>
public sealed record FutureFrameReport(int ContextFrames, int TargetFrames, IReadOnlyList<FutureFrameRow> Rows)
{
    /// <summary>Where the clips come from, e.g. "actions, test split, class-balanced".</summary>
    public string Source { get; init; } = "";

    /// <summary>Clips scored per class (the sample's histogram).</summary>
    public IReadOnlyDictionary<string, int> Classes { get; init; } = new Dictionary<string, int>();

    /// <summary>Per class: the model's and copy-last-frame's metrics on that class's clips.</summary>
    public IReadOnlyList<FutureFrameClassRow> PerClass { get; init; } = [];

    public const string Model = "model";
    public const string CopyLast = "copy-last-frame";
    public const string MeanFrame = "mean-frame";
}

/// <summary>A predictor's name and its future-frame metrics.</summary>
public sealed record FutureFrameRow(string Method, FutureFrameResult Metrics);

/// <summary>One class's future-frame metrics: the model next to copy-last-frame on the same clips.</summary>
public sealed record FutureFrameClassRow(string Class, int Clips, FutureFrameResult Model, FutureFrameResult CopyLast);

/// <summary>What pretraining did: steps, time and the loss of each objective over steps.</summary>
public sealed record PretrainingSummary(IReadOnlyList<string> Objectives, long Steps, double? WallSeconds, IReadOnlyList<LossPoint> Loss);

/// <summary>Losses of each objective logged at one step.</summary>
public sealed record LossPoint(long Step, IReadOnlyDictionary<string, double> Losses);

/// <summary>Whether higher or lower is better for a target.</summary>
public enum TargetDirection
{
    AtLeast,
    AtMost,
}

/// <summary>A target the run is held to, its actual value, and whether and by how much it was met.</summary>
public sealed record TargetCheck(string Name, double Target, double Actual, TargetDirection Direction, string Unit = "")
{
    /// <summary>True when <see cref="Actual"/> is on the right side of <see cref="Target"/> (inclusive).</summary>
    public bool Passed => Direction == TargetDirection.AtLeast ? Actual >= Target : Actual <= Target;

    /// <summary>How far past the target (positive) or short of it (negative), in the metric's units.</summary>
    public double Margin => Direction == TargetDirection.AtLeast ? Actual - Target : Target - Actual;
}
