namespace VideoSsl.Models;

/// <summary>A small, fast, serializable random generator (SplitMix64) for masks, augmentation and shuffling.</summary>
/// <remarks>
/// Its whole state is one <see cref="ulong"/>, so a checkpoint can hold it, and <see cref="For"/> derives independent
/// streams from (seed, purpose, index) so the n-th batch's randomness does not depend on how the run got there.
/// </remarks>
public sealed class DeterministicRng(ulong state)
{
    /// <summary>The current state; a generator built from it continues the same sequence.</summary>
    public ulong State { get; private set; } = state;

    /// <summary>An independent stream for one (seed, purpose, index) triple.</summary>
    public static DeterministicRng For(long seed, ulong purpose, long index) =>
        new(Mix(Mix((ulong)seed ^ 0x9E3779B97F4A7C15UL) ^ Mix(purpose + 0x632BE59BD9B4E019UL) ^ Mix((ulong)index + 0xD1B54A32D192ED03UL)));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        State += 0x9E3779B97F4A7C15UL;
        return Mix(State);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [min, max).</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>A uniform integer in [0, n).</summary>
    public int NextInt(int n) => n <= 0 ? throw new ArgumentOutOfRangeException(nameof(n)) : (int)(NextUInt64() % (ulong)n);

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
