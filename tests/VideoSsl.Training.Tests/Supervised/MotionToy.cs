using VideoSsl.Clips;
using VideoSsl.Models;

namespace VideoSsl.Training.Tests.Supervised;

/// <summary>A two-class motion toy: a bright 4×4 square moving left (class 0) or right (class 1) from a random start, gray.</summary>
internal static class MotionToy
{
    public static VideoModelConfig Config(int frames = 8, int size = 16) => new()
    {
        Frames = frames, ImageSize = size, Channels = 1, TubeletFrames = 2, PatchSize = 4,
        Dim = 32, Depth = 2, Heads = 2, DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 2, ContextFrames = frames / 2,
    };

    public static ClipShape Shape(int frames = 8, int size = 16) => new(frames, size, size, 1);

    /// <summary>Clips alternate class 0, 1, 0, 1, …; returns the clips and their labels.</summary>
    public static (List<byte[]> Clips, int[] Labels) Clips(int count, int seed, int frames = 8, int size = 16)
    {
        var rng = new DeterministicRng((ulong)seed);
        var clips = new List<byte[]>(count);
        var labels = new int[count];
        var travel = frames - 1;
        for (var n = 0; n < count; n++)
        {
            labels[n] = n % 2;
            var dx = labels[n] == 0 ? -1 : 1;
            var x = rng.NextInt(size - 4 - travel + 1) + (dx < 0 ? travel : 0);
            var y = rng.NextInt(size - 4 + 1);
            var clip = new byte[frames * size * size];
            for (var t = 0; t < frames; t++)
            {
                var px = x + (dx * t);
                for (var i = 0; i < 4; i++)
                {
                    for (var j = 0; j < 4; j++)
                    {
                        clip[(((t * size) + y + i) * size) + px + j] = 230;
                    }
                }
            }
            clips.Add(clip);
        }
        return (clips, labels);
    }

    public static double Accuracy(float[][] logits, int[] labels) =>
        logits.Select((row, i) => Array.IndexOf(row, row.Max()) == labels[i] ? 1.0 : 0.0).Average();
}
