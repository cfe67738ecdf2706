using System.Runtime.InteropServices;

namespace VideoSsl.Models;

/// <summary>One glibc malloc configuration the process can start with: which <c>mallopt</c> settings, if any, it applies.</summary>
/// <param name="Name">The value of <c>VIDEOSSL_MALLOC_TUNING</c> that selects it.</param>
/// <param name="MmapThreshold">Fixed <c>M_MMAP_THRESHOLD</c> in bytes (blocks this size and larger get their own mapping); null leaves glibc's dynamic threshold.</param>
/// <param name="TrimThreshold">Fixed <c>M_TRIM_THRESHOLD</c> in bytes (free memory at a heap's top kept before it is given back); null leaves glibc's.</param>
/// <param name="ArenaMax">Fixed <c>M_ARENA_MAX</c>; null leaves glibc's 8 per core.</param>
/// <param name="Description">What it does, in a few words.</param>
public sealed record HeapConfiguration(string Name, int? MmapThreshold, int? TrimThreshold, int? ArenaMax, string Description)
{
    /// <summary>Whether this configuration calls <c>mallopt</c> at all.</summary>
    public bool ChangesGlibc => MmapThreshold is not null || TrimThreshold is not null || ArenaMax is not null;
}

/// <summary>Chooses how glibc's malloc serves libtorch's large, short-lived step buffers, once per process before libtorch allocates.</summary>
/// <remarks>
/// Every step allocates and frees the same activations and gradients (a few KiB to tens of MiB). A block that glibc
/// maps on its own is unmapped when freed, and its pages fault in again, zeroed by the kernel, the next step: with
/// the threshold pinned at 1 MiB (the old default) that was ~92 000 faults/s and two thirds of the time in the kernel
/// on one machine, 67 000 faults a step on another. The default fixes the threshold at 32 MiB (glibc's largest), so
/// step-sized blocks come from the heap from the first step on instead of after glibc's dynamic threshold has risen,
/// and the trim threshold at 128 MiB, so a step's freed memory is kept rather than returned and faulted in again.
/// Settled RSS stays flat all the same: a training step reuses the same sizes, so the heap does not fragment (the
/// drift once blamed on malloc was the GC's large-object heap). The ~10 000 faults a step that remain are not
/// malloc's: glibc's defaults, one arena or two leave them alike. `videossl bench pretrain-memory
/// --compare-allocators` measures each configuration side by side. Select one with <c>VIDEOSSL_MALLOC_TUNING</c>:
/// a name below, <c>0</c> for glibc's defaults, unset for the default.
/// </remarks>
public static class NativeHeap
{
    /// <summary>The environment variable that selects a configuration by name.</summary>
    public const string Variable = "VIDEOSSL_MALLOC_TUNING";

    private const int MiB = 1 << 20;
    private const int TrimThresholdParameter = -1;
    private const int MmapThresholdParameter = -3;
    private const int ArenaMaxParameter = -8;
    private static int _applied;

    /// <summary>glibc's own behaviour: dynamic mmap threshold (it rises to the largest block freed, up to 32 MiB) and trim threshold.</summary>
    public static readonly HeapConfiguration Glibc = new("glibc", null, null, null, "glibc defaults (dynamic thresholds)");

    /// <summary>The old default: every block of 1 MiB or more mapped on its own and unmapped when freed.</summary>
    public static readonly HeapConfiguration Mmap1MiB = new("mmap-1m", MiB, null, null, "mmap threshold pinned at 1 MiB (old default)");

    /// <summary>The default: fixed 32 MiB mmap threshold, 128 MiB trim threshold.</summary>
    public static readonly HeapConfiguration Fixed32MiB = new("fixed-32m", 32 * MiB, 128 * MiB, null, "mmap threshold 32 MiB, trim threshold 128 MiB");

    /// <summary>glibc's defaults with at most two arenas (fewer heaps to keep free memory in).</summary>
    public static readonly HeapConfiguration Arena2 = new("arena-2", null, null, 2, "glibc defaults, at most 2 arenas");

    /// <summary>The default's thresholds with at most two arenas.</summary>
    public static readonly HeapConfiguration Fixed32MiBArena2 = new("fixed-32m-arena-2", 32 * MiB, 128 * MiB, 2, "mmap 32 MiB, trim 128 MiB, at most 2 arenas");

    /// <summary>Every selectable configuration, the old default first (the one comparisons are measured against).</summary>
    public static IReadOnlyList<HeapConfiguration> Configurations { get; } = [Mmap1MiB, Glibc, Fixed32MiB, Arena2, Fixed32MiBArena2];

    /// <summary>What an unset <c>VIDEOSSL_MALLOC_TUNING</c> selects.</summary>
    public static HeapConfiguration Default => Fixed32MiB;

    /// <summary>The configuration this process applied; null until <see cref="Tune"/> ran.</summary>
    public static HeapConfiguration? Applied { get; private set; }

    /// <summary>The configuration a value of <c>VIDEOSSL_MALLOC_TUNING</c> selects: unset, empty or <c>1</c> the default, <c>0</c> glibc's defaults, else a name.</summary>
    /// <exception cref="ArgumentException">The value names no configuration.</exception>
    public static HeapConfiguration Select(string? value)
    {
        var name = value?.Trim().ToLowerInvariant();
        return name switch
        {
            null or "" or "1" or "default" => Default,
            "0" => Glibc,
            _ => Configurations.FirstOrDefault(c => c.Name == name)
                ?? throw new ArgumentException($"{Variable}={value} is not one of 0, 1, default, {string.Join(", ", Configurations.Select(c => c.Name))}."),
        };
    }

    /// <summary>Applies the configuration <c>VIDEOSSL_MALLOC_TUNING</c> selects, once per process (glibc on Linux only; elsewhere only records it).</summary>
    /// <exception cref="ArgumentException">The variable names no configuration.</exception>
    public static void Tune()
    {
        var configuration = Select(Environment.GetEnvironmentVariable(Variable));
        if (Interlocked.Exchange(ref _applied, 1) == 1)
        {
            return;
        }
        Applied = configuration;
        if (!OperatingSystem.IsLinux() || !configuration.ChangesGlibc)
        {
            return;
        }
        try
        {
            Set(MmapThresholdParameter, configuration.MmapThreshold);
            Set(TrimThresholdParameter, configuration.TrimThreshold);
            Set(ArenaMaxParameter, configuration.ArenaMax);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to tune.
        }
    }

    private static void Set(int parameter, int? value)
    {
        // mallopt answers 0 when it refuses a value (an mmap threshold above 32 MiB, say): a configuration bug, not a runtime condition.
        if (value is { } v && Mallopt(parameter, v) == 0)
        {
            throw new InvalidOperationException($"glibc refused mallopt({parameter}, {v}).");
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
