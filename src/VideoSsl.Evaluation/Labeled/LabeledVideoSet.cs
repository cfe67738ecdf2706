namespace VideoSsl.Evaluation.Labeled;

/// <summary>A labeled dataset as read from its annotations: class list and every video with its label and split.</summary>
/// <param name="Root">The dataset folder the video paths are relative to (the ingestion source).</param>
/// <param name="Layout">The layout the annotations were read as.</param>
/// <param name="Classes">Class names; a class's index in this list is its label index.</param>
/// <param name="Videos">Every annotated video, in annotation order.</param>
public sealed record LabeledVideoSet(string Root, LabeledLayout Layout, IReadOnlyList<string> Classes, IReadOnlyList<LabeledVideo> Videos)
{
    /// <summary>The videos of one split.</summary>
    public IReadOnlyList<LabeledVideo> InSplit(string split) => Videos.Where(v => v.Split == split).ToList();

    /// <summary>The split names present, train first.</summary>
    public IReadOnlyList<string> SplitNames =>
        Videos.Select(v => v.Split).Distinct().OrderBy(s => s == Splits.Train ? 0 : s == Splits.Val ? 1 : s == Splits.Test ? 2 : 3).ThenBy(s => s, StringComparer.Ordinal).ToList();

    /// <summary>The index of a class name, or -1 when it is not a class of this set.</summary>
    public int ClassIndex(string label)
    {
        for (var i = 0; i < Classes.Count; i++)
        {
            if (Classes[i] == label)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Labels and splits keyed by source-relative path, as <c>IngestOptions.Labels</c> takes them.</summary>
    public IReadOnlyDictionary<string, (string Label, string? Split)> ToIngestLabels() =>
        Videos.ToDictionary(v => v.Path, v => (v.Label, (string?)v.Split), StringComparer.Ordinal);
}
