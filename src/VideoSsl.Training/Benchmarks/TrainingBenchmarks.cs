using System.Diagnostics;
using TorchSharp;
using VideoSsl.Clips.Datasets;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Training;
using static TorchSharp.torch;

namespace VideoSsl.Training.Benchmarks;

/// <summary>Input pipeline benchmark result: steps per second fed from the store against the same loop fed from memory.</summary>
/// <param name="Pipeline">The input pipeline's counters over the timed store-fed steps: where its time went.</param>
/// <param name="BuiltOn">Which thread built the batches: the training thread (CPU) or the prefetch thread.</param>
/// <param name="StoreNextMs">Wall time per step the store-fed loop spent in getting its batch (building it, on the training thread).</param>
/// <param name="MemoryNextMs">The same for the memory-fed loop.</param>
/// <param name="PairedRatios">For each timed batch, its step's time fed from memory over its time fed from the store (the same batch, within a round).</param>
/// <param name="RoundRatios">Each round's ratio (its memory-fed time over its store-fed time): the spread behind <see cref="Ratio"/>.</param>
public sealed record InputPipelineBenchmark(int Steps, double StoreStepsPerSecond, double MemoryStepsPerSecond, string Device, string Model, PipelineCounters Pipeline = default, string BuiltOn = "", double StoreNextMs = 0, double MemoryNextMs = 0,
    IReadOnlyList<double>? PairedRatios = null, IReadOnlyList<double>? RoundRatios = null)
{
    /// <summary>The mean of <see cref="RoundRatios"/> and the half-width of its 95 % interval (Student's t over the rounds); NaN with fewer than two rounds.</summary>
    public (double Mean, double HalfWidth) RoundInterval
    {
        get
        {
            if (RoundRatios is not { Count: > 1 } r)
            {
                return (double.NaN, double.NaN);
            }
            var mean = r.Average();
            var sd = Math.Sqrt(r.Sum(x => (x - mean) * (x - mean)) / (r.Count - 1));
            return (mean, StudentT975(r.Count - 1) * sd / Math.Sqrt(r.Count));
        }
    }

    // The 97.5th percentile of Student's t with `df` degrees of freedom (two-sided 95 %); the normal's beyond 30.
    private static double StudentT975(int df) => df switch
    {
        1 => 12.706, 2 => 4.303, 3 => 3.182, 4 => 2.776, 5 => 2.571, 6 => 2.447, 7 => 2.365, 8 => 2.306, 9 => 2.262, 10 => 2.228,
        11 => 2.201, 12 => 2.179, 13 => 2.160, 14 => 2.145, 15 => 2.131, <= 20 => 2.086, <= 30 => 2.042, _ => 1.960,
    };

    /// <summary>The median of <see cref="PairedRatios"/>: the ratio of a typical step, which a burst of load on one phase (hypervisor steal) moves far less than the totals.</summary>
    public double MedianPairedRatio => PairedRatios is { Count: > 0 } r ? Median(r) : double.NaN;

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Store-fed over memory-fed speed; 1 means the data never waits (target ≥ 0.95).</summary>
    public double Ratio => StoreStepsPerSecond / MemoryStepsPerSecond;

    public override string ToString() =>
        $"input pipeline ({Model}, {Device}, {Steps} steps each): store {StoreStepsPerSecond:F3} steps/s, memory {MemoryStepsPerSecond:F3} steps/s, ratio {Ratio:F3} (target >= 0.95; by round {RoundInterval.Mean:F3} ± {RoundInterval.HalfWidth:F3}, 95 % interval over {RoundRatios?.Count ?? 0} rounds), median per-batch ratio {MedianPairedRatio:F3}; {Pipeline.Describe(Steps)}; batches built on the {BuiltOn} thread; per step: store {1000 / StoreStepsPerSecond:F2} ms = batch {StoreNextMs:F2} + rest {1000 / StoreStepsPerSecond - StoreNextMs:F2}, memory {1000 / MemoryStepsPerSecond:F2} ms = batch {MemoryNextMs:F2} + rest {1000 / MemoryStepsPerSecond - MemoryNextMs:F2}";
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
            // Rounds alternate the two phases, and which goes first, so that a change in machine load, or whatever the
            // first phase after a switch pays, hits both alike. The memory phase replays the store phase's batches of
            // the same round, built ahead and held in memory, in the same order (the objectives' costs differ a lot), so
            // the only difference between the phases is where the data comes from.
            double store = 0, memory = 0, storeNext = 0, memoryNext = 0;
            PipelineCounters counters = default;
            var paired = new List<double>();
            var byRound = new List<double>();
            long next = 0;
            for (var round = 0; round < rounds; round++)
            {
                var replay = ReplaySource.Build(dataset, settings, next, warmupSteps + steps);
                var recorded = new RecordingSource(pipeline);
                double[] storeSteps = [], memorySteps = [];
                for (var phase = 0; phase < 2; phase++)
                {
                    Settle();
                    if ((phase == 0) == (round % 2 == 0))
                    {
                        loop.RunSteps(recorded, warmupSteps, cancellationToken);
                        var from = pipeline.Profile.Snapshot();
                        (storeSteps, var nextSeconds) = Time(loop, recorded, steps, device, cancellationToken);
                        store += storeSteps.Sum();
                        storeNext += nextSeconds;
                        counters += pipeline.Profile.Snapshot() - from;
                    }
                    else
                    {
                        loop.RunSteps(replay, warmupSteps, cancellationToken);
                        (memorySteps, var nextSeconds) = Time(loop, replay, steps, device, cancellationToken);
                        memory += memorySteps.Sum();
                        memoryNext += nextSeconds;
                    }
                }
                if (!recorded.Indices.SequenceEqual(replay.Indices))
                {
                    throw new InvalidOperationException("The store-fed phase took other batches than the ones replayed from memory.");
                }
                paired.AddRange(memorySteps.Zip(storeSteps, (m, s) => m / s));
                byRound.Add(memorySteps.Sum() / storeSteps.Sum());
                next += warmupSteps + steps;
            }
            steps *= rounds;
            return new InputPipelineBenchmark(steps, steps / store, steps / memory, TorchRuntime.Describe(device), config.Describe(), counters, settings.OnCallerThread ? "training" : "prefetch",
                storeNext * 1000 / steps, memoryNext * 1000 / steps, paired, byRound);
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
            var (forward, largest, clipsCounted) = (double.NaN, default(LayerCall), 0.0);
            IReadOnlyCollection<LayerCallCount> calls = [];
            loop.Run(pipeline, null, m =>
            {
                if (m.Step == earlyStep)
                {
                    clipsCounted = (double)m.Step * clipsPerStep;
                    (forward, largest, calls) = (counter.Total / clipsCounted, counter.Largest, [.. counter.Calls]);
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
            var layers = ComputeEfficiency.MeasureLayers(device, calls, clipsCounted);
            return new MemoryBenchmark(last.Step, earlyStep, clipsPerSecond, early!.RssMiB, final, early.LiveTensors, last.LiveTensors, earlyManaged, finalManaged, TorchRuntime.Describe(device), config.Describe(), rawEarly, rawFinal, samples,
                NativeHeap.Applied?.Name ?? "none", cpu, new ComputeEfficiency(forward, clipsPerSecond, matmul, size, layer, largest.ToString(), layers, clipsPerStep));
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

    // Seconds of each of `steps` steps, continuing the same loop (its step count keeps rising), and the seconds the
    // loop spent getting its batches. On a GPU each step is waited for, or its time would be the time to queue it.
    private static (double[] Steps, double NextSeconds) Time(PretrainLoop loop, IBatchSource source, int steps, Device device, CancellationToken cancellationToken)
    {
        var timed = new TimedSource(source);
        var seconds = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var from = Stopwatch.GetTimestamp();
            loop.RunSteps(timed, 1, cancellationToken);
            if (device.type == DeviceType.CUDA)
            {
                cuda.synchronize(device);
            }
            seconds[i] = Stopwatch.GetElapsedTime(from).TotalSeconds;
        }
        return (seconds, timed.NextSeconds);
    }

    // Counts the wall time the loop spends in getting its batches (on the CPU, building them).
    private sealed class TimedSource(IBatchSource inner) : IBatchSource
    {
        public double NextSeconds { get; private set; }

        public ClipBatch Next(CancellationToken cancellationToken = default)
        {
            var from = Stopwatch.GetTimestamp();
            var batch = inner.Next(cancellationToken);
            NextSeconds += Stopwatch.GetElapsedTime(from).TotalSeconds;
            return batch;
        }

        public void Return(ClipBatch batch) => inner.Return(batch);
    }

    // A full collection between phases (untimed), so that one phase's garbage (the replayed batches) is not collected
    // in the other's time.
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    // Notes which batches the store-fed phase trained on (they must be the replayed ones). It hands its buffers back as
    // training does; holding them instead cost it a fresh 2 MB array per step, which training never pays.
    private sealed class RecordingSource(ClipBatchPipeline inner) : IBatchSource
    {
        private readonly List<long> _indices = [];

        public IReadOnlyList<long> Indices => _indices;

        public ClipBatch Next(CancellationToken cancellationToken = default)
        {
            var batch = inner.Next(cancellationToken);
            _indices.Add(batch.Index);
            return batch;
        }

        public void Return(ClipBatch batch) => inner.Return(batch);
    }

    // The batches a round's store-fed phase will take, built ahead (untimed) and held in memory: batch n is a function
    // of (seed, n). Each is its own array: replaying one batch per objective, as this did once, kept that batch's 2 MB
    // hot in the caches and made the memory side a few percent faster than any real feed could be.
    private sealed class ReplaySource(IReadOnlyList<ClipBatch> held) : IBatchSource
    {
        private int _next;

        public IEnumerable<long> Indices => held.Take(_next).Select(b => b.Index);

        public static ReplaySource Build(ClipDataset dataset, PipelineSettings settings, long first, int count)
        {
            using var builder = new ClipBatchPipeline(dataset, settings with { OnCallerThread = true }, first);
            return new ReplaySource([.. Enumerable.Range(0, count).Select(_ => builder.Next())]);
        }

        public ClipBatch Next(CancellationToken cancellationToken = default) => held[_next++];
    }
}
