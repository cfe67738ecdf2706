namespace VideoSsl.Clips.Shards;

/// <summary>Collects clips in memory and produces one complete shard, to be written to a store in one atomic write.</summary>
public sealed class ShardWriter(ClipShape shape)
{
    private readonly List<byte[]> _clips = [];

    /// <summary>The shape every clip must have.</summary>
    public ClipShape Shape => shape;

    /// <summary>Clips added so far.</summary>
    public int Count => _clips.Count;

    /// <summary>Bytes the shard will have.</summary>
    public long Length => ShardFormat.HeaderSize + (8L + shape.ClipBytes) * _clips.Count;

    /// <summary>Adds a clip and returns its index in the shard.</summary>
    public int Add(ReadOnlySpan<byte> clip)
    {
        if (clip.Length != shape.ClipBytes)
        {
            throw new ArgumentException($"A clip of shape {shape} has {shape.ClipBytes} bytes, not {clip.Length}.", nameof(clip));
        }
        _clips.Add(clip.ToArray());
        return _clips.Count - 1;
    }

    /// <summary>Byte offset that clip <paramref name="index"/> will have in the finished shard.</summary>
    public long OffsetOf(int index) => ShardFormat.HeaderSize + 8L * _clips.Count + (long)index * shape.ClipBytes;

    /// <summary>Streams the finished shard: header, checksum table, clips.</summary>
    public Stream ToStream()
    {
        var header = ShardFormat.WriteHeader(shape, _clips.Select(c => ShardFormat.Checksum(c)).ToArray());
        var stream = new MemoryStream(checked((int)Length));
        stream.Write(header);
        foreach (var clip in _clips)
        {
            stream.Write(clip);
        }
        stream.Position = 0;
        return stream;
    }

    /// <summary>Forgets every clip so the writer can start the next shard.</summary>
    public void Clear() => _clips.Clear();
}
