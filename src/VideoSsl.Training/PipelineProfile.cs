using System.Diagnostics;
using System.Runtime.InteropServices;

namespace VideoSsl.Training;

/// <summary>Where the input pipeline's time goes: CPU time by stage (on the thread that builds the batches), and how long the training loop waited for a batch.</summary>
/// <remarks>
/// Counters only ever grow and are read while the pipeline runs: take a <see cref="Snapshot"/> before and after a
/// phase and subtract. CPU time is the working thread's own (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>, a vDSO call of
/// tens of nanoseconds); elsewhere it reads 0 and only the waits are measured.
/// </remarks>
public sealed class PipelineProfile
{
    private long _batches, _shardNs, _verifyNs, _augmentNs, _maskNs, _waits, _waitTicks;

    /// <summary>The counters now.</summary>
    public PipelineCounters Snapshot() => new(Interlocked.Read(ref _batches), Interlocked.Read(ref _shardNs), Interlocked.Read(ref _verifyNs), Interlocked.Read(ref _augmentNs),
        Interlocked.Read(ref _maskNs), Interlocked.Read(ref _waits), Interlocked.Read(ref _waitTicks) * 1e9 / Stopwatch.Frequency);

    internal void Produced(long shardNs, long verifyNs, long augmentNs, long maskNs)
    {
        Interlocked.Add(ref _shardNs, shardNs);
        Interlocked.Add(ref _verifyNs, verifyNs);
        Interlocked.Add(ref _augmentNs, augmentNs);
        Interlocked.Add(ref _maskNs, maskNs);
        Interlocked.Increment(ref _batches);
    }

    internal void Waited(long stopwatchTicks)
    {
        Interlocked.Increment(ref _waits);
        Interlocked.Add(ref _waitTicks, stopwatchTicks);
    }

    /// <summary>CPU time of the calling thread in nanoseconds; 0 where the platform has no per-thread clock.</summary>
    internal static long ThreadCpuNs()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        try
        {
            return ClockGetTime(ThreadCpuTimeClock, out var now) == 0 ? (now.Seconds * 1_000_000_000) + now.Nanoseconds : 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    private const int ThreadCpuTimeClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}

/// <summary>The input pipeline's counters at one moment (see <see cref="PipelineProfile"/>); subtract two to get a phase's.</summary>
/// <param name="Batches">Batches the producer finished.</param>
/// <param name="ShardNs">Wall time the producer spent getting shards (reads run on the thread pool; cache misses only).</param>
/// <param name="VerifyNs">Producer CPU in checking clip checksums.</param>
/// <param name="AugmentNs">CPU in cropping, flipping and resampling clips .</param>
/// <param name="MaskNs">Producer CPU in sampling objectives and tube masks.</param>
/// <param name="Waits">Times the training loop found no batch ready.</param>
/// <param name="WaitNs">Wall time the training loop spent waiting for batches.</param>
public readonly record struct PipelineCounters(long Batches, long ShardNs, long VerifyNs, long AugmentNs, long MaskNs, long Waits, double WaitNs)
{
    /// <summary>The pipeline's CPU per batch in milliseconds: checksums, augmentation and masks.</summary>
    public double CpuMsPerBatch => Batches > 0 ? (VerifyNs + AugmentNs + MaskNs) / 1e6 / Batches : 0;

    public static PipelineCounters operator -(PipelineCounters a, PipelineCounters b) =>
        new(a.Batches - b.Batches, a.ShardNs - b.ShardNs, a.VerifyNs - b.VerifyNs, a.AugmentNs - b.AugmentNs, a.MaskNs - b.MaskNs, a.Waits - b.Waits, a.WaitNs - b.WaitNs);

    public static PipelineCounters operator +(PipelineCounters a, PipelineCounters b) =>
        new(a.Batches + b.Batches, a.ShardNs + b.ShardNs, a.VerifyNs + b.VerifyNs, a.AugmentNs + b.AugmentNs, a.MaskNs + b.MaskNs, a.Waits + b.Waits, a.WaitNs + b.WaitNs);

    /// <summary>One line: producer CPU per batch by stage, and the loop's waits per step over <paramref name="steps"/> steps.</summary>
    public string Describe(int steps)
    {
        var batches = Math.Max(1, Batches);
        double PerBatch(long ns) => ns / 1e6 / batches;
        return $"input pipeline {CpuMsPerBatch:F2} ms CPU/batch (checksums {PerBatch(VerifyNs):F2}, augment {PerBatch(AugmentNs):F2}, masks {PerBatch(MaskNs):F2}) + shard reads {PerBatch(ShardNs):F2} ms wall/batch; "
            + $"loop waited for data at {Waits} of {steps} steps, {WaitNs / 1e6 / Math.Max(1, steps):F2} ms/step";
    }
}
