using System.Runtime.InteropServices;

namespace VideoSsl.Training;

/// <summary>How the prefetch thread shares the CPU with training: lowered (nice +10), or idle-only (SCHED_IDLE) and raised to nice +10 while the training thread waits for it.</summary>
/// <remarks>
/// On a GPU the training thread mostly waits for the device and a nice +10 prefetch thread gets the CPU it needs. On
/// the CPU libtorch runs a thread on every core, and any other runnable thread preempts one of them and stalls the step
/// at its next barrier; but between the step's parallel regions the other libtorch thread only waits (libgomp spins,
/// then sleeps: see <see cref="Models.TorchRuntime"/>). A SCHED_IDLE thread runs only then and is preempted the moment a
/// libtorch thread wakes, so the batches are built in time the step leaves unused. When the machine is busy an idle-only
/// thread may get no CPU at all, so whenever the training thread finds no batch ready it raises the prefetch thread to
/// nice +10 until the batch arrives (<see cref="Raise"/>, <see cref="Lower"/>); where the process may not do that
/// (<see cref="CanLeaveIdle"/>) the thread runs at nice +10 throughout. Linux only (priority is per thread there);
/// elsewhere, or if a call fails, nothing changes. VIDEOSSL_PREFETCH_NICE=0 leaves the thread as it started.
/// </remarks>
internal static class PrefetchPriority
{
    private const int PrioProcess = 0, Nice = 10, SchedOther = 0, SchedIdle = 5;

    private static bool Enabled => OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("VIDEOSSL_PREFETCH_NICE") != "0";

    /// <summary>Lowers the calling thread: idle-only with <paramref name="idleOnly"/> where the process may raise it again (returns its kernel thread id for <see cref="Raise"/>), else nice +10 (returns 0).</summary>
    public static int LowerCurrentThread(bool idleOnly)
    {
        if (!Enabled)
        {
            return 0;
        }
        try
        {
            var tid = GetTid();
            if (idleOnly && CanLeaveIdle && Lower(tid))
            {
                return tid;
            }
            _ = SetPriority(PrioProcess, tid, Nice);
            return 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Whether a thread of this process, once idle-only, may be put back to normal scheduling: Linux refuses that to an
    /// unprivileged process unless its RLIMIT_NICE allows nice +10, and an idle-only thread that cannot be raised could
    /// starve training on a busy machine. Tried once, on a thread of its own.
    /// </summary>
    internal static bool CanLeaveIdle => LeavingIdle.Value;

    private static readonly Lazy<bool> LeavingIdle = new(() =>
    {
        var allowed = false;
        var probe = new Thread(() =>
        {
            var tid = GetTid();
            allowed = Lower(tid) && Raise(tid);
        }) { IsBackground = true, Name = "videossl-sched-probe" };
        probe.Start();
        probe.Join();
        return allowed;
    });

    /// <summary>Thread <paramref name="tid"/> back to normal scheduling at nice +10 (the training thread is waiting for it); false when the kernel refused.</summary>
    public static bool Raise(int tid)
    {
        var none = 0;
        if (tid == 0 || SetScheduler(tid, SchedOther, ref none) != 0)
        {
            return false;
        }
        _ = SetPriority(PrioProcess, tid, Nice);
        return true;
    }

    /// <summary>Thread <paramref name="tid"/> to idle-only scheduling; false when the kernel refused.</summary>
    public static bool Lower(int tid)
    {
        var none = 0;
        return tid != 0 && SetScheduler(tid, SchedIdle, ref none) == 0;
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SetScheduler(int pid, int policy, ref int priority);

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
