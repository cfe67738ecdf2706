using System.Diagnostics;
using VideoSsl.Clips.Datasets;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Training;
using static TorchSharp.torch;

namespace VideoSsl.Training.Benchmarks;

/// <summary>Input pipeline benchmark result: steps per second fed from the store against the same loop fed from memory.</summary>
/// <param name="Pipeline">The input pipeline's counters over the timed store-fed steps: where its time went.</param>
/// <param name="BuiltOn">Which thread built the batches: the training thread (CPU) or the prefetch thread.</param>
public sealed record InputPipelineBenchmark(int Steps, double StoreStepsPerSecond, double MemoryStepsPerSecond, string Device, string Model, PipelineCounters Pipeline = default, string BuiltOn = "")
{
    /// <summary>Store-fed over memory-fed speed; 1 means the data never waits (target ≥ 0.95).</summary>
    public double Ratio => StoreStepsPerSecond / MemoryStepsPerSecond;

    public override string ToString() =>
        $"input pipeline ({Model}, {Device}, {Steps} steps each): store {StoreStepsPerSecond:F3} steps/s, memory {MemoryStepsPerSecond:F3} steps/s, ratio {Ratio:F3} (target >= 0.95); {Pipeline.Describe(Steps)}; batches built on the {BuiltOn} thread";
}

/// <summary>Throughput and memory benchmark result: clips/s and resident memory early and late in a long run.</summary>
/// <param name="Allocator">The malloc configuration the process ran with (<c>VIDEOSSL_MALLOC_TUNING</c>).</param>
/// <param name="Cpu">CPU time and page faults of the whole process over the measured steps (the memory samples left out).</param>
public sealed record MemoryBenchmark(int Steps, int EarlyStep, double ClipsPerSecond, double EarlyRssMiB, double FinalRssMiB, long EarlyLiveTensors, long FinalLiveTensors, double EarlyManagedMiB, double FinalManagedMiB, string Device, string Model,
    double RawEarlyRssMiB = 0, double RawFinalRssMiB = 0, IReadOnlyList<MemorySample>? Samples = null, string Allocator = "", ProcessCounters Cpu = default, ComputeEfficiency? Compute = null)
{
    /// <summary>Growth of the RSS as sampled, without a GC or trim first, in percent.</summary>
    public double RawRssGrowthPercent => 100 * (RawFinalRssMiB - RawEarlyRssMiB) / RawEarlyRssMiB;

    /// <summary>RSS growth from the early step to the last, in percent (target &lt; 3).</summary>
    public double RssGrowthPercent => 100 * (FinalRssMiB - EarlyRssMiB) / EarlyRssMiB;

    /// <summary>Steps between the early sample and the last, the ones timed.</summary>
    public int MeasuredSteps => Steps - EarlyStep;

    /// <summary>Kernel time over all CPU time in the measured steps, in percent (target &lt; 10).</summary>
    public double SystemPercent => 100 * Cpu.SystemShare;

    /// <summary>Minor page faults per measured step.</summary>
    public double MinorFaultsPerStep => MeasuredSteps > 0 ? (double)Cpu.MinorFaults / MeasuredSteps : 0;

    public override string ToString() =>
        $"throughput/memory ({Model}, {Device}, malloc {Allocator}): {ClipsPerSecond:F2} clips/s; system time {SystemPercent:F1}% of CPU (target < 10%), {Cpu.SystemSeconds * 1000 / Math.Max(1, MeasuredSteps):F1} ms/step of {(Cpu.UserSeconds + Cpu.SystemSeconds) * 1000 / Math.Max(1, MeasuredSteps):F0} ms CPU/step; {MinorFaultsPerStep:F0} minor faults/step ({Cpu.MajorFaults} major); "
        + $"RSS step {EarlyStep} {EarlyRssMiB:F1} MiB -> step {Steps} {FinalRssMiB:F1} MiB ({RssGrowthPercent:+0.00;-0.00}%, target < 3%); raw RSS (no GC/trim) {RawEarlyRssMiB:F1} -> {RawFinalRssMiB:F1} MiB ({RawRssGrowthPercent:+0.00;-0.00}%); live tensors {EarlyLiveTensors} -> {FinalLiveTensors}; managed heap {EarlyManagedMiB:F1} -> {FinalManagedMiB:F1} MiB"
        + (Samples is { Count: > 0 } ? "; settled RSS / GC-committed by step: " + string.Join(", ", Samples) : "")
        + (Compute is null ? "" : Environment.NewLine + Compute);
}

/// <summary>Settled RSS and the memory the .NET GC has committed, at one step of the memory benchmark.</summary>
public sealed record MemorySample(int Step, double RssMiB, double GcCommittedMiB)
{
    public override string ToString() => $"{Step}: {RssMiB:F0}/{GcCommittedMiB:F0} MiB";
}

/// <summary>The two training benchmarks of issue 3, as library entry points (not timed tests).</summary>
public static class TrainingBenchmarks
{
    /// <summary>Trains <paramref name="steps"/> steps fed by the real pipeline from <paramref name="store"/>, then the same number fed from batches held in memory, with the same model.</summary>
    /// <param name="warmupSteps">Untimed steps before each phase (allocator, caches, first shard reads).</param>
    public static async Task<InputPipelineBenchmark> RunInputPipelineAsync(PretrainOptions options, IBlobStore store, int steps = 50, int warmupSteps = 5, int rounds = 3, CancellationToken cancellationToken = default)
    {
        var (dataset, config, signature, device) = await PrepareAsync(options, store, cancellationToken).ConfigureAwait(false);
        var settings = options.Pipeline(config, device);
        return await Task.Factory.StartNew(() =>
        {
            var benchOptions = options with { Steps = int.MaxValue / 2, CheckpointEvery = int.MaxValue, LogEvery = int.MaxValue };
            using var loop = new PretrainLoop(benchOptions, config, signature, device, null);
            using var pipeline = new ClipBatchPipeline(dataset, settings, 0);
            // Rounds alternate the two phases so that a change in machine load hits both alike. The memory phase replays
            // its round's batches, held in memory, in the same order (the objectives' costs differ a lot), so the only
            // difference between the phases is where the data comes from.
            double store = 0, memory = 0;
            PipelineCounters counters = default;
            for (var round = 0; round < rounds; round++)
            {
                var recorded = new RecordingSource(pipeline);
                loop.RunSteps(recorded, warmupSteps, cancellationToken);
                var from = pipeline.Profile.Snapshot();
                store += Time(loop, recorded, steps, cancellationToken);
                counters += pipeline.Profile.Snapshot() - from;
                var replay = recorded.Replay(dataset, settings);
                loop.RunSteps(replay, warmupSteps, cancellationToken);
                memory += Time(loop, replay, steps, cancellationToken);
            }
            steps *= rounds;
            return new InputPipelineBenchmark(steps, steps / store, steps / memory, TorchRuntime.Describe(device), config.Describe(), counters, settings.OnCallerThread ? "training" : "prefetch");
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    /// <summary>Trains <paramref name="steps"/> steps from the store and samples RSS and live tensors at <paramref name="earlyStep"/> and at the end.</summary>
    public static async Task<MemoryBenchmark> RunMemoryAsync(PretrainOptions options, IBlobStore store, int steps = 2000, int earlyStep = 100, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (dataset, config, signature, device) = await PrepareAsync(options, store, cancellationToken).ConfigureAwait(false);
        var settings = options.Pipeline(config, device);
        return await Task.Factory.StartNew(() =>
        {
            var benchOptions = options with { Steps = steps, CheckpointEvery = int.MaxValue, LogEvery = 1 };
            using var loop = new PretrainLoop(benchOptions, config, signature, device, null);
            using var pipeline = new ClipBatchPipeline(dataset, settings, 0);
            StepMetrics? early = null, last = null;
            var earlyManaged = 0.0;
            var rawEarly = 0.0;
            var clock = new Stopwatch();
            // CPU time and faults accumulate only while the clock runs, so the GCs and trims of the samples stay out.
            ProcessCounters cpu = default, cpuFrom = default;
            // Settled RSS at the early step, the last, and three points between: a leak climbs steadily, a cache fills and stops.
            var samples = new List<MemorySample>();
            var sampleEvery = Math.Max(1, (steps - earlyStep) / 4);
            var clipsPerStep = options.Input.BatchSize * options.GradAccumulation;
            // Multiply-adds are counted over the untimed steps before the early sample (the hooks cost a little per
            // layer call), so that the timed steps run as training does.
            var counter = new MultiplyAddCounter(loop.Model);
            var (forward, largest) = (double.NaN, default(LayerCall));
            loop.Run(pipeline, null, m =>
            {
                if (m.Step == earlyStep)
                {
                    (forward, largest) = (counter.Total / ((double)m.Step * clipsPerStep), counter.Largest);
                    counter.Dispose();
                    rawEarly = Environment.WorkingSet / 1048576.0;
                    earlyManaged = GC.GetTotalMemory(true) / 1048576.0;
                    early = m with { RssMiB = SettledRssMiB() };
                    samples.Add(new MemorySample(m.Step, early.RssMiB, GcCommittedMiB()));
                    cpuFrom = ProcessCounters.Read();
                    clock.Start();
                }
                else if (m.Step > earlyStep && m.Step < steps && (m.Step - earlyStep) % sampleEvery == 0)
                {
                    clock.Stop();
                    cpu += ProcessCounters.Read() - cpuFrom;
                    samples.Add(new MemorySample(m.Step, SettledRssMiB(), GcCommittedMiB()));
                    cpuFrom = ProcessCounters.Read();
                    clock.Start();
                }
                last = m;
            }, progress, cancellationToken);
            clock.Stop();
            cpu += ProcessCounters.Read() - cpuFrom;
            var rawFinal = Environment.WorkingSet / 1048576.0;
            var finalManaged = GC.GetTotalMemory(true) / 1048576.0;
            var final = SettledRssMiB();
            samples.Add(new MemorySample(last!.Step, final, GcCommittedMiB()));
            var clipsPerSecond = (last!.Step - earlyStep) * clipsPerStep / clock.Elapsed.TotalSeconds;
            counter.Dispose();
            var (matmul, size, layer) = ComputeEfficiency.MeasurePeak(device, largest);
            return new MemoryBenchmark(last.Step, earlyStep, clipsPerSecond, early!.RssMiB, final, early.LiveTensors, last.LiveTensors, earlyManaged, finalManaged, TorchRuntime.Describe(device), config.Describe(), rawEarly, rawFinal, samples,
                NativeHeap.Applied?.Name ?? "none", cpu, new ComputeEfficiency(forward, clipsPerSecond, matmul, size, layer, largest.ToString()));
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    private static async Task<(ClipDataset, VideoModelConfig, TrainingSignature, Device)> PrepareAsync(PretrainOptions options, IBlobStore store, CancellationToken cancellationToken)
    {
        var device = TrainingStart.Runtime(options);
        var (dataset, config) = await TrainingStart.OpenAsync(options, store, options.DatasetVersion, cancellationToken).ConfigureAwait(false);
        return (dataset, config, options.Signature(dataset.Info.Version), device);
    }

    // RSS after a full compacting GC (large objects too) and, on glibc, malloc_trim: memory the process still uses, not
    // garbage or free heap it has yet to return.
    private static double SettledRssMiB()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (EntryPointNotFoundException)
            {
            }
            catch (DllNotFoundException)
            {
            }
        }
        return Environment.WorkingSet / 1048576.0;
    }

    private static double GcCommittedMiB() => GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    // Seconds for `steps` steps, continuing the same loop (its step count keeps rising).
    private static double Time(PretrainLoop loop, IBatchSource source, int steps, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        loop.RunSteps(source, steps, cancellationToken);
        return clock.Elapsed.TotalSeconds;
    }

    // Notes which batches the store-fed phase trained on, to replay them in the same order: the memory-fed phase then
    // sees the same data, objectives and masks, just not through the pipeline. (Replaying one batch per objective, as
    // this did once, kept that batch's 2 MB hot in the caches and made the memory side a few percent faster than any
    // real feed could be.) The store-fed phase hands its buffers back as training does; holding them instead cost it a
    // fresh 2 MB array per step, which training never pays. The replayed batches are built again, untimed: batch n is a
    // function of (seed, n).
    private sealed class RecordingSource(ClipBatchPipeline inner) : IBatchSource
    {
        private readonly List<long> _indices = [];

        public ClipBatch Next(CancellationToken cancellationToken = default)
        {
            var batch = inner.Next(cancellationToken);
            _indices.Add(batch.Index);
            return batch;
        }

        public void Return(ClipBatch batch) => inner.Return(batch);

        public IBatchSource Replay(ClipDataset dataset, PipelineSettings settings)
        {
            using var builder = new ClipBatchPipeline(dataset, settings with { OnCallerThread = true }, _indices[0]);
            var held = _indices.Select(_ => builder.Next()).ToList();
            if (!held.Select(b => b.Index).SequenceEqual(_indices))
            {
                throw new InvalidOperationException("The store-fed phase's batches were not consecutive; the replay would differ.");
            }
            return new ReplaySource(held);
        }
    }

    private sealed class ReplaySource(IReadOnlyList<ClipBatch> held) : IBatchSource
    {
        private int _next;

        public ClipBatch Next(CancellationToken cancellationToken = default) => held[_next++ % held.Count];
    }
}
