using System.Globalization;
using System.Runtime.InteropServices;

namespace VideoSsl.Training.Benchmarks;

/// <summary>The process's CPU time in user and kernel mode and its page faults, all threads together, as the kernel counts them.</summary>
public readonly record struct ProcessCounters(double UserSeconds, double SystemSeconds, long MinorFaults, long MajorFaults)
{
    /// <summary>Linux's fixed unit for times in <c>/proc/[pid]/stat</c> (USER_HZ).</summary>
    public const double DefaultTicksPerSecond = 100;

    /// <summary>The current counters from <c>/proc/self/stat</c>; zeros where there is no such file (not Linux).</summary>
    public static ProcessCounters Read()
    {
        const string path = "/proc/self/stat";
        return File.Exists(path) ? Parse(File.ReadAllText(path), TicksPerSecond()) : default;
    }

    /// <summary>Reads minflt, majflt, utime and stime (fields 10, 12, 14, 15) from one <c>/proc/[pid]/stat</c> line.</summary>
    /// <exception cref="FormatException">The line does not have those fields.</exception>
    public static ProcessCounters Parse(string statLine, double ticksPerSecond = DefaultTicksPerSecond)
    {
        // Field 2, the command name in parentheses, may itself hold spaces and parentheses: count from the last ')'.
        var close = statLine.LastIndexOf(')');
        if (close < 0)
        {
            throw new FormatException("Not a /proc/[pid]/stat line: no ')' after the command name.");
        }
        var fields = statLine[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        if (fields.Length < 13)
        {
            throw new FormatException($"Not a /proc/[pid]/stat line: {fields.Length + 2} fields, at least 15 expected.");
        }
        long Field(int n) => long.Parse(fields[n - 3], NumberStyles.None, CultureInfo.InvariantCulture);
        return new ProcessCounters(Field(14) / ticksPerSecond, Field(15) / ticksPerSecond, Field(10), Field(12));
    }

    public static ProcessCounters operator -(ProcessCounters a, ProcessCounters b) =>
        new(a.UserSeconds - b.UserSeconds, a.SystemSeconds - b.SystemSeconds, a.MinorFaults - b.MinorFaults, a.MajorFaults - b.MajorFaults);

    public static ProcessCounters operator +(ProcessCounters a, ProcessCounters b) =>
        new(a.UserSeconds + b.UserSeconds, a.SystemSeconds + b.SystemSeconds, a.MinorFaults + b.MinorFaults, a.MajorFaults + b.MajorFaults);

    /// <summary>Kernel time over all CPU time (what `top` shows as %sy for a process that has the machine to itself); 0 with no CPU time.</summary>
    public double SystemShare => UserSeconds + SystemSeconds > 0 ? SystemSeconds / (UserSeconds + SystemSeconds) : 0;

    private static double TicksPerSecond()
    {
        try
        {
            var ticks = Sysconf(ClockTicks);
            return ticks > 0 ? ticks : DefaultTicksPerSecond;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return DefaultTicksPerSecond;
        }
    }

    private const int ClockTicks = 2; // _SC_CLK_TCK

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long Sysconf(int name);
}
