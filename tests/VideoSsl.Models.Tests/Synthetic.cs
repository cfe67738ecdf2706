using VideoSsl.Models;
using static TorchSharp.torch;

namespace VideoSsl.Models.Tests;

/// <summary>Small configs and videos for fast tests.</summary>
internal static class Synthetic
{
    public static VideoModelConfig Config(int frames = 8, int size = 16, int channels = 1) => new()
    {
        Frames = frames, ImageSize = size, Channels = channels, TubeletFrames = 2, PatchSize = 4,
        Dim = 32, Depth = 2, Heads = 2, DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 2, ContextFrames = frames / 2,
    };

    /// <summary>Clips of a bright square moving at constant velocity: [B][T][H][W][C] bytes.</summary>
    public static byte[] MovingSquares(int batch, int frames, int size, int channels, int seed)
    {
        var rng = new DeterministicRng((ulong)seed);
        var bytes = new byte[batch * frames * size * size * channels];
        for (var b = 0; b < batch; b++)
        {
            int x = rng.NextInt(size - 4), y = rng.NextInt(size - 4), dx = rng.NextInt(3) - 1, dy = rng.NextInt(2) == 0 ? 1 : -1;
            for (var t = 0; t < frames; t++)
            {
                var px = (((x + (dx * t)) % (size - 4)) + (size - 4)) % (size - 4);
                var py = (((y + (dy * t)) % (size - 4)) + (size - 4)) % (size - 4);
                for (var i = 0; i < 4; i++)
                {
                    for (var j = 0; j < 4; j++)
                    {
                        for (var c = 0; c < channels; c++)
                        {
                            bytes[((((((b * frames) + t) * size) + py + i) * size) + px + j) * channels + c] = 230;
                        }
                    }
                }
            }
        }
        return bytes;
    }

    public static Tensor Video(VideoModelConfig config, int batch, int seed = 1) =>
        Tubelets.FromClipBytes(MovingSquares(batch, config.Frames, config.ImageSize, config.Channels, seed), batch, config.Frames, config.ImageSize, config.ImageSize, config.Channels, CPU);
}
