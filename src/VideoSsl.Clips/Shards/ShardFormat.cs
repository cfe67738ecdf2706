using System.Buffers.Binary;
using System.IO.Hashing;

namespace VideoSsl.Clips.Shards;

/// <summary>The binary layout of a clip shard (version 1), documented here and in the README.</summary>
/// <remarks>
/// All integers little-endian.
/// <code>
/// offset  size  field
/// 0       8     magic "VSSLSHRD"
/// 8       2     format version (1)
/// 10      2     header size in bytes (64)
/// 12      1     dtype (1 = uint8)
/// 13      1     channels C (1 gray, 3 RGB)
/// 14      2     reserved (0)
/// 16      4     frames per clip T
/// 20      4     frame height H
/// 24      4     frame width W
/// 28      4     clip count N
/// 32      8     data offset D = 64 + 8N
/// 40      8     total length in bytes = D + N·T·H·W·C
/// 48      8     XXH64 of the checksum table
/// 56      8     XXH64 of bytes 0..55
/// 64      8N    XXH64 of each clip's bytes
/// D       ...   clips, clip i at D + i·T·H·W·C, each [T][H][W][C] uint8
/// </code>
/// A reader can fetch the header, then any single clip with one range read, and verify both.
/// </remarks>
public static class ShardFormat
{
    /// <summary>The format version written into every shard and hashed into dataset versions.</summary>
    public const int Version = 1;

    /// <summary>Bytes in the fixed header.</summary>
    public const int HeaderSize = 64;

    /// <summary>File name extension of shards.</summary>
    public const string Extension = ".vss";

    private const byte DtypeUInt8 = 1;
    private static ReadOnlySpan<byte> Magic => "VSSLSHRD"u8;

    /// <summary>Writes the header and checksum table for clips of <paramref name="shape"/>, one checksum per clip.</summary>
    public static byte[] WriteHeader(ClipShape shape, IReadOnlyList<ulong> clipChecksums)
    {
        var n = clipChecksums.Count;
        var header = new byte[HeaderSize + 8 * n];
        var span = header.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], HeaderSize);
        span[12] = DtypeUInt8;
        span[13] = (byte)shape.Channels;
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], shape.Frames);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], shape.Height);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], shape.Width);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], n);
        long dataOffset = HeaderSize + 8L * n;
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], dataOffset);
        BinaryPrimitives.WriteInt64LittleEndian(span[40..], dataOffset + (long)n * shape.ClipBytes);
        for (var i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[(HeaderSize + 8 * i)..], clipChecksums[i]);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(span[48..], XxHash64.HashToUInt64(span[HeaderSize..]));
        BinaryPrimitives.WriteUInt64LittleEndian(span[56..], XxHash64.HashToUInt64(span[..56]));
        return header;
    }

    /// <summary>Parses and verifies the fixed 64-byte header.</summary>
    public static ShardHeader ReadHeader(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < HeaderSize || !bytes[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"Shard '{name}' is not a VideoSsl shard (bad magic or too short).");
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        if (version != Version)
        {
            throw new InvalidDataException($"Shard '{name}' has format version {version}; this build reads version {Version}.");
        }
        if (XxHash64.HashToUInt64(bytes[..56]) != BinaryPrimitives.ReadUInt64LittleEndian(bytes[56..]))
        {
            throw new InvalidDataException($"Shard '{name}' has a corrupt header (checksum mismatch).");
        }
        if (bytes[12] != DtypeUInt8)
        {
            throw new InvalidDataException($"Shard '{name}' has dtype {bytes[12]}; only uint8 (1) is supported.");
        }
        var shape = new ClipShape(
            BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]),
            bytes[13]);
        return new ShardHeader(
            shape,
            BinaryPrimitives.ReadInt32LittleEndian(bytes[28..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[40..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[48..]));
    }

    /// <summary>Parses and verifies the checksum table that follows the header.</summary>
    public static ulong[] ReadChecksums(ReadOnlySpan<byte> table, ShardHeader header, string name)
    {
        if (table.Length != 8 * header.ClipCount || XxHash64.HashToUInt64(table) != header.TableChecksum)
        {
            throw new InvalidDataException($"Shard '{name}' has a corrupt checksum table.");
        }
        var sums = new ulong[header.ClipCount];
        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] = BinaryPrimitives.ReadUInt64LittleEndian(table[(8 * i)..]);
        }
        return sums;
    }

    /// <summary>The checksum of one clip's bytes.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> clip) => XxHash64.HashToUInt64(clip);
}

/// <summary>The parsed fixed header of a shard.</summary>
public sealed record ShardHeader(ClipShape Shape, int ClipCount, long DataOffset, long TotalLength, ulong TableChecksum)
{
    /// <summary>Byte offset of clip <paramref name="index"/> within the shard.</summary>
    public long OffsetOf(int index) => DataOffset + (long)index * Shape.ClipBytes;
}
