namespace VideoSsl.Clips.Shards;

/// <summary>A whole shard held in memory, verified, with each clip addressable by index.</summary>
public sealed class ShardReader
{
    private readonly byte[] _bytes;
    private readonly ulong[] _checksums;

    // Clips whose bytes have matched their checksum. The bytes never change once parsed, so a clip is hashed once per
    // read of its shard, not once per epoch: training reads each clip of a cached shard every epoch, and the hash was
    // 7 % of the input pipeline's CPU (bench pretrain-input). Racing readers at worst hash a clip twice.
    private readonly bool[] _verified;

    private ShardReader(string name, byte[] bytes, ShardHeader header, ulong[] checksums)
    {
        Name = name;
        _bytes = bytes;
        Header = header;
        _checksums = checksums;
        _verified = new bool[checksums.Length];
    }

    /// <summary>The shard's name, for messages.</summary>
    public string Name { get; }

    /// <summary>The shard's header.</summary>
    public ShardHeader Header { get; }

    /// <summary>Clips in the shard.</summary>
    public int Count => Header.ClipCount;

    /// <summary>Parses a shard and checks its header, table and length.</summary>
    public static ShardReader Parse(string name, byte[] bytes)
    {
        var header = ShardFormat.ReadHeader(bytes, name);
        if (bytes.LongLength != header.TotalLength)
        {
            throw new InvalidDataException($"Shard '{name}' is {bytes.LongLength} bytes; its header says {header.TotalLength} (truncated?).");
        }
        var checksums = ShardFormat.ReadChecksums(bytes.AsSpan(ShardFormat.HeaderSize, 8 * header.ClipCount), header, name);
        return new ShardReader(name, bytes, header, checksums);
    }

    /// <summary>The bytes of clip <paramref name="index"/>, verified against its checksum (on first use).</summary>
    public ReadOnlyMemory<byte> GetClip(int index)
    {
        if ((uint)index >= (uint)Header.ClipCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Shard '{Name}' has {Header.ClipCount} clips; there is no clip {index}.");
        }
        var clip = _bytes.AsMemory(checked((int)Header.OffsetOf(index)), Header.Shape.ClipBytes);
        if (!_verified[index])
        {
            if (ShardFormat.Checksum(clip.Span) != _checksums[index])
            {
                throw new InvalidDataException($"Clip {index} of shard '{Name}' is corrupt (checksum mismatch).");
            }
            _verified[index] = true;
        }
        return clip;
    }

    /// <summary>Checks one clip's bytes against the shard's table (for range reads).</summary>
    public static void Verify(ReadOnlySpan<byte> clip, ulong expected, string name, int index)
    {
        if (ShardFormat.Checksum(clip) != expected)
        {
            throw new InvalidDataException($"Clip {index} of shard '{name}' is corrupt (checksum mismatch).");
        }
    }
}
