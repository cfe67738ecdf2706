namespace VideoSsl.Evaluation.Metrics;

/// <summary>Multi-view testing: several clips of a video are scored, their softmax averaged, and the video scored once.</summary>
public static class MultiView
{
    /// <summary>Averages per-clip probabilities by video id, videos in order of first appearance.</summary>
    /// <param name="videoIds">The video of each clip row.</param>
    /// <param name="scores">[clip][class] logits or probabilities.</param>
    /// <param name="labels">Each clip's class index; clips of one video must agree.</param>
    public static VideoScores Aggregate(IReadOnlyList<string> videoIds, IReadOnlyList<float[]> scores, IReadOnlyList<int> labels, ScoreKind kind = ScoreKind.Logits)
    {
        if (videoIds.Count != scores.Count || scores.Count != labels.Count)
        {
            throw new ArgumentException($"{videoIds.Count} video ids, {scores.Count} score rows and {labels.Count} labels must be as many");
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        var sums = new List<double[]>();
        var videoLabels = new List<int>();
        var views = new List<int>();
        for (var i = 0; i < scores.Count; i++)
        {
            var p = kind == ScoreKind.Logits ? Softmax.Of(scores[i]) : scores[i];
            if (!index.TryGetValue(videoIds[i], out var v))
            {
                v = index[videoIds[i]] = ids.Count;
                ids.Add(videoIds[i]);
                sums.Add(new double[p.Length]);
                videoLabels.Add(labels[i]);
                views.Add(0);
            }
            else if (videoLabels[v] != labels[i])
            {
                throw new ArgumentException($"clips of video {videoIds[i]} carry labels {videoLabels[v]} and {labels[i]}");
            }
            if (p.Length != sums[v].Length)
            {
                throw new ArgumentException($"score row {i} has {p.Length} values, earlier rows of video {videoIds[i]} {sums[v].Length}");
            }
            for (var j = 0; j < p.Length; j++)
            {
                sums[v][j] += p[j];
            }
            views[v]++;
        }
        var mean = sums.Select((s, v) => s.Select(x => (float)(x / views[v])).ToArray()).ToList();
        return new VideoScores(ids, mean, videoLabels, views);
    }

    /// <summary>Aggregates by video, then computes the classification metrics per video.</summary>
    public static ClassificationResult Score(IReadOnlyList<string> videoIds, IReadOnlyList<float[]> scores, IReadOnlyList<int> labels, IReadOnlyList<string> classes, ScoreKind kind = ScoreKind.Logits)
    {
        var videos = Aggregate(videoIds, scores, labels, kind);
        return ClassificationMetrics.Compute(videos.Probabilities, videos.Labels, classes);
    }
}

/// <summary>Per-video mean probabilities, labels and how many clips (views) each averaged.</summary>
public sealed record VideoScores(IReadOnlyList<string> VideoIds, IReadOnlyList<float[]> Probabilities, IReadOnlyList<int> Labels, IReadOnlyList<int> Views);
