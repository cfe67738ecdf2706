namespace VideoSsl.Synth;

/// <summary>Derives independent, reproducible per-video seeds, so a video's content depends only on the run seed and its
/// position in the data set (not on worker count, scheduling or which videos a resumed run skips).</summary>
internal static class SeedMixer
{
    public static int Derive(int seed, params ReadOnlySpan<int> keys)
    {
        var h = (ulong)(uint)seed ^ 0x9E3779B97F4A7C15UL;
        foreach (var key in keys)
        {
            h = SplitMix(h ^ (uint)key);
        }

        return (int)(SplitMix(h) & 0x7FFFFFFF);
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
