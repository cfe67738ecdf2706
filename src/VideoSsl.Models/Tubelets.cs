namespace VideoSsl.Models;

/// <summary>Converts between videos (B, C, T, H, W) and tubelet rows (B, N, tt·P·P·C) in the encoder's token order (t, h, w).</summary>
public static class Tubelets
{
    /// <summary>(B, C, T, H, W) → (B, N, tt·P·P·C).</summary>
    public static Tensor Patchify(Tensor video, VideoModelConfig config)
    {
        var (b, c, t, h, w) = (video.shape[0], video.shape[1], video.shape[2], video.shape[3], video.shape[4]);
        long tt = config.TubeletFrames, p = config.PatchSize;
        return video.reshape(b, c, t / tt, tt, h / p, p, w / p, p)
            .permute(0, 2, 4, 6, 3, 5, 7, 1)                                  // (B, T', H', W', tt, P, P, C)
            .reshape(b, t / tt * (h / p) * (w / p), tt * p * p * c);
    }

    /// <summary>(B, N, tt·P·P·C) → (B, C, frames, H, W) for N covering <paramref name="frames"/> whole frames.</summary>
    public static Tensor Unpatchify(Tensor rows, VideoModelConfig config, int frames)
    {
        long b = rows.shape[0], tt = config.TubeletFrames, p = config.PatchSize, s = config.GridS, c = config.Channels;
        return rows.reshape(b, frames / tt, s, s, tt, p, p, c)
            .permute(0, 7, 1, 4, 2, 5, 3, 6)                                  // (B, C, T', tt, H', P, W', P)
            .reshape(b, c, frames, s * p, s * p);
    }

    /// <summary>Clip bytes laid out [B][T][H][W][C] (uint8) → a float video (B, C, T, H, W) in [0, 1] on <paramref name="device"/>.</summary>
    public static Tensor FromClipBytes(byte[] pixels, int batch, int frames, int height, int width, int channels, Device device)
    {
        using var raw = tensor(pixels, [batch, frames, height, width, channels], ScalarType.Byte);
        using var moved = raw.to(device);
        return moved.permute(0, 4, 1, 2, 3).to(ScalarType.Float32).div_(Scalars.ByteMax);
    }

    /// <summary>A float video (B, C, T, H, W) in [0, 1] → bytes [B][T][H][W][C] (uint8), for rendering.</summary>
    public static byte[] ToClipBytes(Tensor video)
    {
        using var scope = NewDisposeScope();
        var bytes = video.detach().clamp(Scalars.Zero, Scalars.One).mul(Scalars.ByteMax).round().to(ScalarType.Byte).permute(0, 2, 3, 4, 1).contiguous().cpu();
        return bytes.bytes.ToArray();
    }
}
