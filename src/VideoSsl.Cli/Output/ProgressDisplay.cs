using System.Diagnostics;
using Spectre.Console;

namespace VideoSsl.Cli.Output;

/// <summary>Runs work under a progress bar with throughput and ETA on a terminal, or with a log line every few seconds otherwise.</summary>
public static class ProgressDisplay
{
    /// <summary>A progress snapshot: done of total, plus a short status text (e.g. "412 clips, 38.1 fps").</summary>
    public readonly record struct Tick(double Done, double Total, string Status);

    /// <summary>Runs <paramref name="work"/>, which reports ticks; draws them as a bar or logs them.</summary>
    public static async Task<T> RunAsync<T>(string title, bool interactive, Func<IProgress<Tick>, Task<T>> work)
    {
        if (!interactive)
        {
            var clock = Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            var plain = new SyncProgress<Tick>(t =>
            {
                if (clock.Elapsed - last >= TimeSpan.FromSeconds(5) || (t.Total > 0 && t.Done >= t.Total))
                {
                    last = clock.Elapsed;
                    Terminal.Log($"{title}: {t.Done:0}/{t.Total:0} {t.Status}");
                }
            });
            return await work(plain).ConfigureAwait(false);
        }
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                var bar = new SyncProgress<Tick>(t =>
                {
                    task.MaxValue = Math.Max(t.Total, 1);
                    task.Value = Math.Min(t.Done, task.MaxValue);
                    task.Description = Markup.Escape($"{title} {t.Status}");
                });
                result = await work(bar).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result;
    }

    // Progress<T> posts to the thread pool out of order; this one reports inline, in order.
    private sealed class SyncProgress<TValue>(Action<TValue> handler) : IProgress<TValue>
    {
        private readonly Lock _gate = new();

        public void Report(TValue value)
        {
            lock (_gate)
            {
                handler(value);
            }
        }
    }
}
