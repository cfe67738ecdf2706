using System.Diagnostics;

using Xunit;

namespace VideoSsl.Testing;

/// <summary>Runs work over and over while another thread forces full garbage collections and runs finalizers, to expose objects finalized while native code still uses them.</summary>
public static class GcPressure
{
    /// <summary>What a run saw: how often <c>body</c> ran, how many runs threw, and the first exception's first line.</summary>
    public sealed record Outcome(long Runs, long Failures, string? FirstFailure)
    {
        public override string ToString() => $"{Failures} of {Runs} runs failed{(FirstFailure is null ? "" : $"; first: {FirstFailure}")}";
    }

    /// <summary>Calls <paramref name="body"/> until <paramref name="duration"/> has passed (and at least <paramref name="minRuns"/> times) while collections run back to back on another thread.</summary>
    public static Outcome Run(Action body, TimeSpan duration, int minRuns = 1)
    {
        using var stop = new CancellationTokenSource();
        var collections = 0L;
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
                GC.WaitForPendingFinalizers();
                collections++;
            }
        }) { IsBackground = true, Name = "gc-pressure" };
        collector.Start();
        long runs = 0, failures = 0;
        string? first = null;
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < duration || runs < minRuns)
            {
                runs++;
                try
                {
                    body();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failures++;
                    first ??= $"{e.GetType().Name}: {e.Message.Split('\n')[0]} at {string.Join(" <- ", (e.StackTrace ?? "").Split('\n').Take(8).Select(l => l.Trim()))}";
                }
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        Assert.True(collections > 0, "no collection ran during the work");
        return new Outcome(runs, failures, first);
    }
}
