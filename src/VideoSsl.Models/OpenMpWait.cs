using System.Runtime.InteropServices;

namespace VideoSsl.Models;

/// <summary>How long libtorch's OpenMP threads spin after a parallel region before they sleep: set once, before libtorch loads.</summary>
/// <remarks>
/// libgomp's default is to spin for 300 000 iterations (about a millisecond here) and only then sleep; between the
/// training step's parallel regions the second core therefore stays busy doing nothing (a fifth of all CPU samples in
/// a profile of the conv model), and the input pipeline's idle-only prefetch thread
/// (<c>VideoSsl.Training.PrefetchPriority</c>) never gets it: with the default it kept up with training at 70 of 180
/// steps, with 10 000 iterations (tens of microseconds) at 156–173 of 180, and training fed from memory ran as fast
/// (README, "Where the input pipeline's time went"). The value goes into the process environment before libgomp reads
/// it (on libtorch's load); a GOMP_SPINCOUNT or OMP_WAIT_POLICY the user set is left alone. Linux only.
/// </remarks>
public static class OpenMpWait
{
    /// <summary>Spin iterations before an idle OpenMP thread sleeps (libgomp's GOMP_SPINCOUNT).</summary>
    public const string SpinCount = "10000";

    /// <summary>The spin count the process runs with, once <see cref="Tune"/> ran: this one, the user's, or null (not Linux, or OMP_WAIT_POLICY set).</summary>
    public static string? Applied { get; private set; }

    /// <summary>Sets GOMP_SPINCOUNT in the native environment unless the user chose a waiting policy; call before libtorch loads.</summary>
    public static void Tune()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null)
        {
            return;
        }
        if (Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is { } own)
        {
            Applied = own;
            return;
        }
        // .NET keeps its own copy of the environment: libgomp reads the C library's, so set it there.
        if (SetEnv("GOMP_SPINCOUNT", SpinCount, 0) == 0)
        {
            Applied = SpinCount;
        }
    }

    /// <summary>The value the C library's environment holds for <paramref name="name"/> (what libgomp reads).</summary>
    public static string? Native(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    [DllImport("libc", EntryPoint = "setenv", SetLastError = true)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
