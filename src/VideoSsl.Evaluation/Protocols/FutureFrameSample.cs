using VideoSsl.Clips.Datasets;
using VideoSsl.Evaluation.Labeled;
using VideoSsl.Evaluation.Sampling;

namespace VideoSsl.Evaluation.Protocols;

/// <summary>Which held-out clips future frames are scored on: the same number from every class, from the test split when the dataset has one.</summary>
/// <remarks>
/// The first clips in shard order are a few classes only, and a future-frame ratio over them says more about which
/// classes were drawn than about the model (0.81 × copy-last on one labeled set, 0.64 × on another with the same
/// checkpoint). Each class contributes min(clips ÷ classes, its smallest class's clips), in a seeded order of clip keys,
/// so the sample is balanced and the same on every rerun. Unlabeled clips count as one class.
/// </remarks>
public static class FutureFrameSample
{
    /// <summary>The class of an unlabeled clip in the histogram.</summary>
    public const string Unlabeled = "(unlabeled)";

    /// <summary>The chosen entries (grouped by class, classes in ordinal order) and the split they came from ("test" or "all").</summary>
    public static (IReadOnlyList<ManifestEntry> Entries, string Split) Select(IReadOnlyList<ManifestEntry> entries, int clips, int seed = 0)
    {
        var hasTest = entries.Any(e => e.Split == Splits.Test);
        var pool = hasTest ? entries.Where(e => e.Split == Splits.Test).ToList() : entries;
        var classes = pool.GroupBy(ClassOf, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (classes.Count == 0)
        {
            return ([], hasTest ? Splits.Test : "all");
        }
        var perClass = Math.Min(Math.Max(1, clips / classes.Count), classes.Min(g => g.Count()));
        var chosen = classes.SelectMany(g => SeededOrder.Shuffle(g, e => $"{e.VideoId}#{e.ClipIndex}", seed).Take(perClass)).ToList();
        return (chosen, hasTest ? Splits.Test : "all");
    }

    /// <summary>The class an entry counts under: its label, or <see cref="Unlabeled"/>.</summary>
    public static string ClassOf(ManifestEntry entry) => entry.Label ?? Unlabeled;
}
