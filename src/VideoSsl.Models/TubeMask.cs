namespace VideoSsl.Models;

/// <summary>A batch of tube masks as token indices: the same spatial positions are hidden in every time slot.</summary>
/// <param name="Visible">Per clip, the visible token indices, ascending; every row has the same length.</param>
/// <param name="Masked">Per clip, the hidden token indices, ascending; every row has the same length.</param>
public sealed record TubeMask(int[][] Visible, int[][] Masked)
{
    /// <summary>Draws one tube mask per clip, hiding round(ratio × spatial tokens) positions in every time slot.</summary>
    public static TubeMask Sample(VideoModelConfig config, int batch, double ratio, DeterministicRng rng)
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

    /// <summary>The visible and hidden token indices as int64 tensors (B, Nv) and (B, Nm) on <paramref name="device"/>.</summary>
    public (Tensor Visible, Tensor Masked) ToIndices(Device device) => (Indices(Visible, device), Indices(Masked, device));

    /// <summary>A pixel mask (B, 1, T, H, W): 1 where the clip is visible, 0 in the hidden tubes, for a clip of <paramref name="config"/>'s geometry.</summary>
    public Tensor ToPixels(VideoModelConfig config, Device device)
    {
        var batch = Visible.Length;
        var grid = new float[batch * config.Tokens];
        for (var b = 0; b < batch; b++)
        {
            foreach (var token in Visible[b])
            {
                grid[(b * config.Tokens) + token] = 1;
            }
        }
        using var tokens = tensor(grid, [batch, 1, config.GridT, config.GridS, config.GridS], device: device);
        return tokens.repeat_interleave(config.TubeletFrames, 2).repeat_interleave(config.PatchSize, 3).repeat_interleave(config.PatchSize, 4);
    }

    private static Tensor Indices(int[][] rows, Device device)
    {
        var width = rows[0].Length;
        var flat = new long[rows.Length * width];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var i = 0; i < width; i++)
            {
                flat[(r * width) + i] = rows[r][i];
            }
        }
        return tensor(flat, [rows.Length, width], device: device);
    }
}
