using System.Runtime.InteropServices;

namespace VideoSsl.Training;

/// <summary>Lowers the CPU priority of the calling thread, so that work feeding training yields to training itself.</summary>
/// <remarks>
/// On a CPU-only machine libtorch keeps one busy thread per core, and any other runnable thread preempts one of them
/// and stalls the whole step at its next barrier. The prefetch thread needs only a few percent of a core, so it runs at
/// nice +10: it still gets that share, but takes it when the training threads can spare it. Linux only (the nice value
/// is per thread there); elsewhere, or if the call fails, nothing changes. Set VIDEOSSL_PREFETCH_NICE=0 to leave it.
/// </remarks>
internal static class PrefetchPriority
{
    private const int PrioProcess = 0, Nice = 10;

    public static void LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("VIDEOSSL_PREFETCH_NICE") == "0")
        {
            return;
        }
        try
        {
            // who = 0 is the calling thread under Linux/NPTL, whose nice value is per thread.
            _ = SetPriority(PrioProcess, 0, Nice);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
