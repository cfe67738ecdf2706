using VideoSsl.Training.Benchmarks;

namespace VideoSsl.Training.Tests;

/// <summary>Reading CPU times and page faults from /proc/[pid]/stat, and the comparison table built from them.</summary>
public class ProcessCountersTests
{
    // A real line (Linux 6.1), with a command name holding a space and a parenthesis to prove the parser counts from the last ')'.
    private const string Line = "4242 (dotnet (x) y) R 1 4242 4242 0 -1 4194560 92017 15 7 0 1234 567 0 0 20 0 23 0 3456 4203741184 130000 18446744073709551615 1 1 0 0 0 0 0 4096 17662 0 0 0 17 1 0 0 0 0 0";

    [Fact]
    public void Parse_reads_faults_and_times_after_the_command_name()
    {
        var counters = ProcessCounters.Parse(Line);
        Assert.Equal(92017, counters.MinorFaults);
        Assert.Equal(7, counters.MajorFaults);
        Assert.Equal(12.34, counters.UserSeconds, 9);
        Assert.Equal(5.67, counters.SystemSeconds, 9);
        Assert.Equal(5.67 / (12.34 + 5.67), counters.SystemShare, 9);
    }

    [Fact]
    public void Parse_uses_the_given_clock_tick()
    {
        Assert.Equal(1.234, ProcessCounters.Parse(Line, ticksPerSecond: 1000).UserSeconds, 9);
    }

    [Theory]
    [InlineData("4242 dotnet R 1")]
    [InlineData("4242 (dotnet) R 1 2 3")]
    public void Parse_refuses_a_line_without_the_fields(string line) => Assert.Throws<FormatException>(() => ProcessCounters.Parse(line));

    [Fact]
    public void Counters_subtract_field_by_field()
    {
        var delta = new ProcessCounters(3, 1, 100, 2) - new ProcessCounters(1, 0.5, 40, 2);
        Assert.Equal(new ProcessCounters(2, 0.5, 60, 0), delta);
        Assert.Equal(0.2, delta.SystemShare, 9);
        Assert.Equal(0, default(ProcessCounters).SystemShare);
    }

    [Fact]
    public void Comparison_table_gives_each_run_its_ratio_to_the_baseline()
    {
        static MemoryBenchmark Run(string allocator, double clipsPerSecond, long faults) =>
            new(300, 100, clipsPerSecond, 500, 510, 10, 10, 1, 1, "cpu", "conv", Allocator: allocator, Cpu: new ProcessCounters(9, 1, faults, 0));
        var table = AllocatorComparison.Table([Run("mmap-1m", 10, 20000), Run("glibc", 25, 400)], "mmap-1m");
        var rows = table.Split('\n');
        Assert.Contains("| mmap-1m | 10.00 | 1.00x | 10.0 | 100 | 500 -> 510 | +2.0% |", rows);
        Assert.Contains("| glibc | 25.00 | 2.50x | 10.0 | 2 | 500 -> 510 | +2.0% |", rows);
        Assert.Throws<ArgumentException>(() => AllocatorComparison.Table([Run("glibc", 25, 400)], "mmap-1m"));
    }
}
