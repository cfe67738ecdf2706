using System.Globalization;
using System.Text;

namespace VideoSsl.Training.Benchmarks;

/// <summary>Formats memory-benchmark runs of the same training under different malloc configurations as one table.</summary>
public static class AllocatorComparison
{
    /// <summary>One row per run: clips/s and its ratio to <paramref name="baseline"/>'s run, system share, faults per step, settled RSS early and last, growth.</summary>
    /// <exception cref="ArgumentException">No run has the allocator <paramref name="baseline"/>.</exception>
    public static string Table(IReadOnlyList<MemoryBenchmark> runs, string baseline)
    {
        var reference = runs.FirstOrDefault(r => r.Allocator == baseline)
            ?? throw new ArgumentException($"No run with allocator '{baseline}' to compare against.", nameof(baseline));
        var text = new StringBuilder();
        var first = runs[0];
        text.AppendLine(CultureInfo.InvariantCulture, $"allocators compared ({first.Model}, measured over steps {first.EarlyStep}..{first.Steps}, each in its own process, one after another):");
        text.AppendLine(CultureInfo.InvariantCulture, $"| config | clips/s | vs {baseline} | system % of CPU | minor faults/step | settled RSS step {first.EarlyStep} -> {first.Steps} (MiB) | growth |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var run in runs)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Allocator} | {run.ClipsPerSecond:F2} | {run.ClipsPerSecond / reference.ClipsPerSecond:F2}x | {run.SystemPercent:F1} | {run.MinorFaultsPerStep:F0} | {run.EarlyRssMiB:F0} -> {run.FinalRssMiB:F0} | {run.RssGrowthPercent:+0.0;-0.0}% |");
        }
        return text.ToString().TrimEnd();
    }
}
