using System.Diagnostics;
using System.Text.Json;
using VideoSsl.Cli.Hosting;
using VideoSsl.Models;
using VideoSsl.Training;
using VideoSsl.Training.Benchmarks;

namespace VideoSsl.Cli.Commands;

/// <summary>Runs <c>bench pretrain-memory</c> once per malloc configuration, each in a child process of this program, and tabulates them.</summary>
/// <remarks>
/// mallopt must take effect before libtorch allocates, so a configuration cannot change within a process. Each child
/// gets this process's own arguments (same data, model, steps, store), <c>--json</c> instead of the comparison flag, and
/// the configuration in <c>VIDEOSSL_MALLOC_TUNING</c>. They run one after another, so they share the machine's load
/// as alike as a shared machine allows; the old 1 MiB default runs first and is the ratio's reference.
/// </remarks>
public static class AllocatorRuns
{
    /// <summary>Runs every configuration of <see cref="NativeHeap.Configurations"/> and returns the comparison table.</summary>
    public static async Task<string> CompareAsync(CancellationToken cancellationToken)
    {
        var args = ChildArguments(Environment.GetCommandLineArgs().Skip(1));
        var runs = new List<MemoryBenchmark>();
        foreach (var configuration in NativeHeap.Configurations)
        {
            Output.Terminal.Log($"malloc {configuration.Name} ({configuration.Description}) ...");
            var run = await RunChildAsync(configuration, args, cancellationToken).ConfigureAwait(false);
            Output.Terminal.Log(run.ToString());
            runs.Add(run);
        }
        return AllocatorComparison.Table(runs, NativeHeap.Mmap1MiB.Name);
    }

    /// <summary>This process's arguments for a child: without <c>--compare-allocators</c> (and a value after it), with <c>--json</c>.</summary>
    public static IReadOnlyList<string> ChildArguments(IEnumerable<string> arguments)
    {
        var result = new List<string>();
        var list = arguments.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].StartsWith("--compare-allocators", StringComparison.Ordinal))
            {
                // `--compare-allocators true|false` spells the switch with a value.
                if (list[i] == "--compare-allocators" && i + 1 < list.Count && bool.TryParse(list[i + 1], out _))
                {
                    i++;
                }
                continue;
            }
            result.Add(list[i]);
        }
        if (!result.Contains("--json"))
        {
            result.Add("--json");
        }
        return result;
    }

    private static async Task<MemoryBenchmark> RunChildAsync(HeapConfiguration configuration, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        // Run as `dotnet videossl.dll ...` or as the apphost, whichever this process is.
        var host = Environment.ProcessPath ?? throw new UsageException("Cannot tell which program this is, to start it again.");
        start.FileName = host;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(AllocatorRuns).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment[NativeHeap.Variable] = configuration.Name;
        using var child = Process.Start(start) ?? throw new UsageException($"Could not start {host}.");
        var output = await child.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (child.ExitCode != 0)
        {
            throw new UsageException($"The {configuration.Name} run exited with code {child.ExitCode} (its errors are above).");
        }
        // The result is the last line; anything before it went to stdout by mistake.
        var json = output.TrimEnd().Split('\n')[^1];
        return JsonSerializer.Deserialize<MemoryBenchmark>(json)
            ?? throw new UsageException($"The {configuration.Name} run printed no result.");
    }
}
