using System.Diagnostics;

namespace VideoSsl.Synth.Encoding;

/// <summary>One video of a data set: where it goes and how to draw it (drawing is deterministic per job).</summary>
internal sealed record SynthJob(string RelativePath, Func<RawVideo> Render);

/// <summary>
/// Renders and encodes a data set's videos with bounded parallelism, skipping videos already on disk so an
/// interrupted run resumes where it stopped.
/// </summary>
internal static class SynthRunner
{
    /// <summary>The file in the output folder recording which settings its videos were drawn with.</summary>
    public const string SettingsFile = ".synth-settings";

    /// <param name="settings">Everything that decides the videos' content (not their number or the worker count):
    /// a rerun into a folder made with other settings would silently mix two data sets, so it is refused.</param>
    public static async Task<SynthSummary> RunAsync(
        string outputDirectory,
        string settings,
        IReadOnlyList<SynthJob> jobs,
        int workers,
        Mp4Writer writer,
        IProgress<SynthProgress>? progress,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var root = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(root);
        await ClaimAsync(root, settings, cancellationToken);
        int completed = 0, skipped = 0;
        progress?.Report(new SynthProgress(0, jobs.Count, 0, null));

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(jobs, parallel, async (job, ct) =>
        {
            var path = Path.Combine(root, job.RelativePath);
            if (File.Exists(path))
            {
                Interlocked.Increment(ref skipped);
            }
            else
            {
                await writer.WriteAsync(path, job.Render(), ct);
            }

            var done = Interlocked.Increment(ref completed);
            progress?.Report(new SynthProgress(done, jobs.Count, Volatile.Read(ref skipped), job.RelativePath));
        });

        return new SynthSummary(root, jobs.Count, jobs.Count - skipped, skipped,
            jobs.Select(j => j.RelativePath).ToArray(), stopwatch.Elapsed);
    }

    private static async Task ClaimAsync(string root, string settings, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, SettingsFile);
        if (File.Exists(path))
        {
            var existing = await File.ReadAllTextAsync(path, cancellationToken);
            if (existing != settings)
            {
                throw new InvalidOperationException(
                    $"'{root}' holds videos generated with other settings ({existing}); resuming needs the same settings ({settings}). Use an empty folder or the original settings.");
            }

            return;
        }

        await WriteTextAtomicallyAsync(path, settings, cancellationToken);
    }

    /// <summary>Writes a small text file atomically (temp name, then rename), so readers never see half of it.</summary>
    public static async Task WriteTextAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var partial = path + Mp4Writer.PartialSuffix;
        await File.WriteAllTextAsync(partial, content, cancellationToken);
        File.Move(partial, path, overwrite: true);
    }
}
