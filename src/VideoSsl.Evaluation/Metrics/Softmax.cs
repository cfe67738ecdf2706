namespace VideoSsl.Evaluation.Metrics;

/// <summary>Numerically stable softmax over one row of logits.</summary>
public static class Softmax
{
    /// <summary>exp(x − max) normalized to sum 1.</summary>
    public static float[] Of(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var x in logits)
        {
            max = Math.Max(max, x);
        }
        var result = new float[logits.Length];
        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var e = Math.Exp(logits[i] - max);
            result[i] = (float)e;
            sum += e;
        }
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)(result[i] / sum);
        }
        return result;
    }
}

/// <summary>Whether a row of scores holds logits or probabilities.</summary>
public enum ScoreKind
{
    /// <summary>Unnormalized scores; softmax gives probabilities.</summary>
    Logits,

    /// <summary>Already probabilities (rows sum to 1).</summary>
    Probabilities,
}

/// <summary>Conversions between the score layouts callers hold.</summary>
public static class ScoreRows
{
    /// <summary>The rows of a [samples, classes] matrix.</summary>
    public static float[][] Of(float[,] scores)
    {
        var rows = new float[scores.GetLength(0)][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new float[scores.GetLength(1)];
            for (var j = 0; j < rows[i].Length; j++)
            {
                rows[i][j] = scores[i, j];
            }
        }
        return rows;
    }
}
