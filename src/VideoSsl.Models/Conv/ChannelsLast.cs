namespace VideoSsl.Models;

/// <summary>
/// The conv model's layout moves, each written so that its result is channels-last (N, C, H, W with C innermost in
/// memory): libtorch's oneDNN convolutions run about 1.3–3 × faster on the CPU in that layout than in the default one,
/// and elementwise ops and norms keep the layout they are given.
/// </summary>
/// <remarks>
/// libtorch picks a convolution's layout from its input's strides; TorchSharp 0.107 has no memory-format argument, so
/// the layout is made with permutes: <c>x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)</c> is what
/// <c>x.contiguous(memory_format=torch.channels_last)</c> does. Each method is correct for an input in either layout.
/// </remarks>
public static class ChannelsLast
{
    /// <summary>The same values, channels-last in memory.</summary>
    public static Tensor Of(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    /// <summary>True when <paramref name="x"/> (4-D) is channels-last in memory.</summary>
    public static bool Is(Tensor x) => x.dim() == 4 && x.permute(0, 2, 3, 1).is_contiguous();

    /// <summary>Frames stacked as channels: (B·T, h, s, s) → (B, T·h, s, s), frame-major, channels-last.</summary>
    public static Tensor StackFrames(Tensor perFrame, long b)
    {
        long bt = perFrame.shape[0], h = perFrame.shape[1], sy = perFrame.shape[2], sx = perFrame.shape[3], t = bt / b;
        return perFrame.permute(0, 2, 3, 1).reshape(b, t, sy, sx, h).permute(0, 2, 3, 1, 4).reshape(b, sy, sx, t * h).permute(0, 3, 1, 2);
    }

    /// <summary>The inverse of <see cref="StackFrames"/>: (B, T·h, s, s) → (B·T, h, s, s), channels-last.</summary>
    public static Tensor UnstackFrames(Tensor stacked, long frames)
    {
        long b = stacked.shape[0], h = stacked.shape[1] / frames, sy = stacked.shape[2], sx = stacked.shape[3];
        return stacked.permute(0, 2, 3, 1).reshape(b, sy, sx, frames, h).permute(0, 3, 1, 2, 4).reshape(b * frames, sy, sx, h).permute(0, 3, 1, 2);
    }

    /// <summary>Per-frame maps joined along channels, channels-last: torch.cat(parts, 1) for (N, Ci, s, s) parts.</summary>
    public static Tensor Concat(params Tensor[] parts) =>
        cat([.. parts.Select(p => p.permute(0, 2, 3, 1))], 3).permute(0, 3, 1, 2);

    /// <summary>Each frame's P×P patches put back in place: (B·T, C·P·P, s, s) → (B, C, T, s·P, s·P), contiguous; pixel_shuffle's channel order.</summary>
    public static Tensor Unpatchify(Tensor patches, long b, int channels, int patch)
    {
        long bt = patches.shape[0], sy = patches.shape[2], sx = patches.shape[3], t = bt / b;
        return patches.permute(0, 2, 3, 1).reshape(b, t, sy, sx, channels, patch, patch)
            .permute(0, 4, 1, 2, 5, 3, 6).reshape(b, channels, t, sy * patch, sx * patch);
    }
}
