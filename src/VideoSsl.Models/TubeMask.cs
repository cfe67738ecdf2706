namespace VideoSsl.Models;

/// <summary>A batch of tube masks as token indices: the same spatial positions are hidden in every time slot.</summary>
/// <param name="Visible">Per clip, the visible token indices, ascending; every row has the same length.</param>
/// <param name="Masked">Per clip, the hidden token indices, ascending; every row has the same length.</param>
public sealed record TubeMask(int[][] Visible, int[][] Masked)
{
    /// <summary>Draws one tube mask per clip, hiding round(ratio × spatial tokens) positions in every time slot.</summary>
    public static TubeMask Sample(VideoMaeConfig config, int batch, double ratio, DeterministicRng rng)
    {
        var spatial = config.SpatialTokens;
        var hidden = Math.Clamp((int)Math.Round(ratio * spatial), 1, spatial - 1);
        var visible = new int[batch][];
        var masked = new int[batch][];
        var order = new int[spatial];
        for (var b = 0; b < batch; b++)
        {
            for (var i = 0; i < spatial; i++)
            {
                order[i] = i;
            }
            rng.Shuffle(order);
            var isHidden = new bool[spatial];
            for (var i = 0; i < hidden; i++)
            {
                isHidden[order[i]] = true;
            }
            var keep = new List<int>((spatial - hidden) * config.GridT);
            var drop = new List<int>(hidden * config.GridT);
            for (var t = 0; t < config.GridT; t++)
            {
                for (var s = 0; s < spatial; s++)
                {
                    (isHidden[s] ? drop : keep).Add((t * spatial) + s);
                }
            }
            visible[b] = [.. keep];
            masked[b] = [.. drop];
        }
        return new TubeMask(visible, masked);
    }
}
