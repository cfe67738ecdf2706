using VideoSsl.Clips.Datasets;
using VideoSsl.Evaluation.Labeled;

namespace VideoSsl.Evaluation.Sampling;

/// <summary>Picks the labeled training videos of a few-label run: per class, seeded, by video rather than by clip.</summary>
/// <remarks>
/// Within each class the videos are ordered by <see cref="SeededOrder"/> on their id and the first
/// <see cref="LabelBudget.CountFor"/> are kept, so the same seed gives the same videos whatever the input order, and
/// larger budgets under one seed contain the smaller ones (a labels-per-class curve adds videos, never swaps them).
/// </remarks>
public sealed class LabelSampler(LabelBudget budget, int seed)
{
    /// <summary>The budget applied.</summary>
    public LabelBudget Budget { get; } = budget;

    /// <summary>The seed of the selection.</summary>
    public int Seed { get; } = seed;

    /// <summary>The ids kept from training videos given as (id, class).</summary>
    public IReadOnlySet<string> SelectVideos(IEnumerable<(string VideoId, string Label)> trainVideos)
    {
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in trainVideos.DistinctBy(v => v.VideoId).GroupBy(v => v.Label, StringComparer.Ordinal))
        {
            var ordered = SeededOrder.Shuffle(group, v => v.VideoId, Seed);
            selected.UnionWith(ordered.Take(Budget.CountFor(ordered.Count)).Select(v => v.VideoId));
        }
        return selected;
    }

    /// <summary>The training clips of the kept videos, in manifest order; clips of other splits are not returned.</summary>
    public LabelSample Sample(IEnumerable<ManifestEntry> entries, string trainSplit = Splits.Train)
    {
        var train = entries.Where(e => e.Split == trainSplit).ToList();
        var videos = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in train)
        {
            if (entry.Label is null)
            {
                throw new InvalidDataException($"Training clip {entry.Clip} of video {entry.VideoId} ({entry.Source}) has no label.");
            }
            if (videos.TryGetValue(entry.VideoId, out var label) && label != entry.Label)
            {
                throw new InvalidDataException($"Video {entry.VideoId} ({entry.Source}) has clips labeled both '{label}' and '{entry.Label}'.");
            }
            videos[entry.VideoId] = entry.Label;
        }
        var kept = SelectVideos(videos.Select(v => (v.Key, v.Value)));
        var perClass = videos.Where(v => kept.Contains(v.Key)).GroupBy(v => v.Value)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new LabelSample(train.Where(e => kept.Contains(e.VideoId)).ToList(), kept, perClass);
    }
}

/// <summary>The outcome of <see cref="LabelSampler.Sample"/>: kept clips, kept video ids, and kept videos per class.</summary>
public sealed record LabelSample(IReadOnlyList<ManifestEntry> Entries, IReadOnlySet<string> VideoIds, IReadOnlyDictionary<string, int> VideosPerClass);
