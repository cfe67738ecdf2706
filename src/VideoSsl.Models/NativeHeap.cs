using System.Runtime.InteropServices;

namespace VideoSsl.Models;

/// <summary>Keeps glibc from hoarding the large, short-lived buffers libtorch allocates every step.</summary>
/// <remarks>
/// glibc raises its mmap threshold each time a large block is freed, after which step-sized tensors come from the
/// heap and fragment it: RSS then drifts upward over a long run although nothing leaks. A fixed threshold keeps
/// blocks of 1 MiB and more in their own mappings, returned to the system as soon as they are freed.
/// Set VIDEOSSL_MALLOC_TUNING=0 to leave glibc's defaults.
/// </remarks>
public static class NativeHeap
{
    private const int MmapThreshold = -3;
    private static int _applied;

    /// <summary>Applies the tuning once per process (glibc on Linux only; elsewhere nothing happens).</summary>
    public static void Tune()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1 || !OperatingSystem.IsLinux()
            || Environment.GetEnvironmentVariable("VIDEOSSL_MALLOC_TUNING") == "0")
        {
            return;
        }
        try
        {
            _ = Mallopt(MmapThreshold, 1 << 20);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to tune.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
