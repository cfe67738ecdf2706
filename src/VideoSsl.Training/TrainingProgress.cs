namespace VideoSsl.Training;

/// <summary>One progress report from a training run: step, losses (at log steps), learning rate, throughput and ETA, or a message.</summary>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    double? Loss = null,
    double? MaskedLoss = null,
    double? FutureLoss = null,
    double LearningRate = 0,
    double ClipsPerSecond = 0,
    TimeSpan? Eta = null,
    string? Message = null);

/// <summary>What a finished (or cancelled) pretraining run produced.</summary>
public sealed record PretrainResult(
    string RunName,
    int FirstStep,
    int FinalStep,
    bool Cancelled,
    string Device,
    IReadOnlyList<StepMetrics> Metrics,
    string? LastCheckpoint,
    string MetricsPath,
    string? LossCurvePath,
    TimeSpan Elapsed,
    string? TensorBoardFolder = null);

/// <summary>One line of metrics.jsonl.</summary>
/// <param name="ValMaskedLoss">Masked loss on the held-out validation clips (at validation steps).</param>
/// <param name="ValFutureLoss">Future-frame loss on the held-out validation clips (at validation steps).</param>
public sealed record StepMetrics(
    int Step,
    double Loss,
    double? MaskedLoss,
    double? FutureLoss,
    double LearningRate,
    double ClipsPerSecond,
    double RssMiB,
    long LiveTensors,
    double ElapsedSeconds,
    double? ValMaskedLoss = null,
    double? ValFutureLoss = null);
