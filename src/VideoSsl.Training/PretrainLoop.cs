using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using VideoSsl.Models;
using VideoSsl.Training.Optimization;
using static TorchSharp.torch;

namespace VideoSsl.Training;

/// <summary>The synchronous training loop: owns the model, the optimizer and every tensor, all on the calling thread.</summary>
internal sealed class PretrainLoop : IDisposable
{
    private readonly PretrainOptions _options;
    private readonly VideoModelConfig _config;
    private readonly TrainingSignature _signature;
    private readonly Device _device;
    private readonly VideoModel _model;
    private readonly ScheduledAdamW _optimizer;

    public PretrainLoop(PretrainOptions options, VideoModelConfig config, TrainingSignature signature, Device device, Checkpoint? resumeFrom)
    {
        _options = options;
        _config = config;
        _signature = signature;
        _device = device;
        manual_seed(options.Seed);
        _model = VideoModel.Create(config);
        _model.to(device);
        // Biases, norms and other vectors are not decayed (as in MAE).
        _optimizer = ScheduledAdamW.Create(ScheduledAdamW.DecayMatricesOnly(_model.parameters().ToList()), options.Optimizer, options.Steps);
        if (resumeFrom is not null)
        {
            Restore(resumeFrom);
            Step = resumeFrom.Header.Step;
        }
    }

    /// <summary>Optimizer steps completed.</summary>
    public int Step { get; private set; }

    /// <summary>Micro-batches the loop has consumed at the end of the last completed step.</summary>
    public long MicroBatches => (long)Step * _options.GradAccumulation;

    /// <summary>The model (for rendering and evaluation after training).</summary>
    public VideoModel Model => _model;

    /// <summary>Trains <paramref name="steps"/> more steps with no checkpoints, logs or progress (benchmarks).</summary>
    public bool RunSteps(IBatchSource source, int steps, CancellationToken cancellationToken) =>
        Run(source, null, null, null, cancellationToken, Step + steps);

    /// <summary>Trains until <see cref="PretrainOptions.Steps"/> (or <paramref name="stopAt"/>), cancellation or an exception.</summary>
    /// <param name="checkpoint">Called on this thread with each checkpoint to persist (blocking); returns its path.</param>
    /// <param name="log">Called on this thread at log steps.</param>
    /// <param name="validation">Measured at the log steps <see cref="ValidationDue"/> names; its losses go into that step's metrics.</param>
    /// <param name="beforeCheckpoint">Called on this thread with the step just before each checkpoint is captured (prediction strips).</param>
    /// <returns>True when cancelled before the last step.</returns>
    public bool Run(IBatchSource pipeline, Func<Checkpoint, string>? checkpoint, Action<StepMetrics>? log, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken,
        int? stopAt = null, ValidationLosses? validation = null, Action<int>? beforeCheckpoint = null)
    {
        var target = stopAt ?? _options.Steps;
        var clipsPerStep = _options.Input.BatchSize * _options.GradAccumulation;
        var clock = Stopwatch.StartNew();
        var windowClock = Stopwatch.StartNew();
        var windowSteps = 0;
        var lastCheckpoint = Step;
        var cancelled = false;
        _model.train();
        while (Step < target)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            var step = Step + 1;
            var lr = _optimizer.Schedule(step);
            var logStep = step % _options.LogEvery == 0 || step == _options.Steps;
            double loss, masked = double.NaN, future = double.NaN;
            using (var scope = NewDisposeScope())
            {
                _optimizer.Optimizer.zero_grad();
                Tensor total = zeros(1, device: _device), maskedSum = zeros(1, device: _device), futureSum = zeros(1, device: _device);
                int maskedCount = 0, futureCount = 0;
                for (var micro = 0; micro < _options.GradAccumulation; micro++)
                {
                    ClipBatch batch;
                    try
                    {
                        batch = pipeline.Next(cancellationToken);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        cancelled = true;
                        break;
                    }
                    var lossTensor = Forward(batch);
                    pipeline.Return(batch); // its pixels are in a tensor now
                    lossTensor.Over(_options.GradAccumulation).backward();
                    var detached = lossTensor.detach();
                    total = total.Plus(detached);
                    if (batch.Objective == Objective.Masked)
                    {
                        maskedSum = maskedSum.Plus(detached);
                        maskedCount++;
                    }
                    else
                    {
                        futureSum = futureSum.Plus(detached);
                        futureCount++;
                    }
                }
                if (cancelled)
                {
                    break;
                }
                if (_options.Optimizer.ClipGradNorm > 0)
                {
                    nn.utils.clip_grad_norm_(_model.parameters(), _options.Optimizer.ClipGradNorm);
                }
                _optimizer.Optimizer.step();
                // Reading a loss back is a device sync: only at log steps.
                loss = logStep ? total.item<float>() / _options.GradAccumulation : double.NaN;
                if (logStep)
                {
                    masked = maskedCount > 0 ? maskedSum.item<float>() / maskedCount : double.NaN;
                    future = futureCount > 0 ? futureSum.item<float>() / futureCount : double.NaN;
                }
            }
            Step = step;
            windowSteps++;
            var clipsPerSecond = windowSteps * clipsPerStep / Math.Max(1e-9, windowClock.Elapsed.TotalSeconds);
            var eta = TimeSpan.FromSeconds((_options.Steps - Step) * clipsPerStep / Math.Max(1e-9, clipsPerSecond));
            if (logStep && log is not null)
            {
                // Validation time is not training time: clips/s was read above, and the window restarts after it.
                var (valMasked, valFuture) = validation is not null && ValidationDue(Step) ? validation.Measure(_model, _device) : default;
                log(new StepMetrics(Step, loss, NullIfNaN(masked), NullIfNaN(future), lr, Math.Round(clipsPerSecond, 3),
                    Math.Round(Environment.WorkingSet / 1048576.0, 1), DisposeScopeManager.Statistics.ThreadTotalLiveCount, Math.Round(clock.Elapsed.TotalSeconds, 3),
                    valMasked, valFuture));
                windowClock.Restart();
                windowSteps = 0;
            }
            progress?.Report(new TrainingProgress(Step, _options.Steps, logStep ? loss : null, NullIfNaN(masked), NullIfNaN(future), lr, clipsPerSecond, eta));
            if (checkpoint is not null && Step % _options.CheckpointEvery == 0)
            {
                beforeCheckpoint?.Invoke(Step);
                checkpoint(Capture());
                lastCheckpoint = Step;
            }
        }
        if (checkpoint is not null && Step > lastCheckpoint)
        {
            beforeCheckpoint?.Invoke(Step);
            checkpoint(Capture());
        }
        return cancelled;
    }

    /// <summary>True at the log step that is the first at or after a multiple of <see cref="PretrainOptions.ValidateEvery"/>, and at the last step.</summary>
    public bool ValidationDue(int step) =>
        step == _options.Steps || (step % _options.LogEvery == 0 && step / _options.ValidateEvery != Math.Max(0, step - _options.LogEvery) / _options.ValidateEvery);

    /// <summary>Everything needed to continue exactly: weights, optimizer moments and step counts, torch RNG, pipeline position.</summary>
    public Checkpoint Capture()
    {
        using var modelStream = new MemoryStream();
        _model.save(modelStream);
        using var optimizerStream = new MemoryStream();
        using (var writer = new BinaryWriter(optimizerStream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            _optimizer.Optimizer.save_state_dict(writer);
        }
        using var rng = get_rng_state();
        return Checkpoint.Create(Step, MicroBatches, _config, _signature, _options, rng.bytes.ToArray(), modelStream.ToArray(), optimizerStream.ToArray());
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
    }

    private Tensor Forward(ClipBatch batch)
    {
        var video = Tubelets.FromClipBytes(batch.Pixels, batch.Count, _config.Frames, _config.ImageSize, _config.ImageSize, _config.Channels, _device);
        if (batch.Objective == Objective.Future)
        {
            return _model.FutureLoss(video, _options.Objective.FutureTerms());
        }
        return _model.MaskedLoss(video, batch.Mask!, _options.Objective.NormalizeTargets);
    }

    private void Restore(Checkpoint checkpoint)
    {
        using (var modelStream = new MemoryStream(checkpoint.Model, writable: false))
        {
            _model.load(modelStream);
        }
        using (var reader = new BinaryReader(new MemoryStream(checkpoint.Optimizer, writable: false)))
        {
            _optimizer.Optimizer.load_state_dict(reader);
        }
        using var rng = tensor(Convert.FromBase64String(checkpoint.Header.TorchRngState), ScalarType.Byte);
        set_rng_state(rng);
    }

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;
}
