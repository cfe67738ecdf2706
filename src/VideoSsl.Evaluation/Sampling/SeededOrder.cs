using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace VideoSsl.Evaluation.Sampling;

/// <summary>A seeded pseudo-random order of string keys that does not depend on enumeration order or runtime version.</summary>
/// <remarks>
/// Each key's rank comes from sha256(seed, key) alone, so adding or removing other items never moves the relative
/// order of the rest, and taking the first k of the order for k = 1, 2, 5 … gives nested subsets.
/// </remarks>
public static class SeededOrder
{
    /// <summary>The sort key of <paramref name="key"/> under <paramref name="seed"/>.</summary>
    public static ulong Rank(int seed, string key) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\0{key}")));

    /// <summary>The items ordered by their seeded rank (ties, which need a hash collision, by ordinal key).</summary>
    public static IReadOnlyList<T> Shuffle<T>(IEnumerable<T> items, Func<T, string> key, int seed) =>
        items.Select(i => (Item: i, Key: key(i)))
            .OrderBy(x => Rank(seed, x.Key))
            .ThenBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => x.Item)
            .ToList();
}
