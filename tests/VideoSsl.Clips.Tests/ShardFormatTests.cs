using VideoSsl.Clips.Shards;

namespace VideoSsl.Clips.Tests;

public sealed class ShardFormatTests
{
    private static readonly ClipShape Shape = new(4, 8, 8, 3);

    private static byte[] Clip(int seed)
    {
        var bytes = new byte[Shape.ClipBytes];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Build(params byte[][] clips)
    {
        var writer = new ShardWriter(Shape);
        foreach (var clip in clips)
        {
            writer.Add(clip);
        }
        using var stream = writer.ToStream();
        return ((MemoryStream)stream).ToArray();
    }

    [Fact]
    public void Clips_round_trip_at_the_offsets_the_writer_promised()
    {
        var clips = Enumerable.Range(0, 5).Select(Clip).ToArray();
        var writer = new ShardWriter(Shape);
        foreach (var clip in clips)
        {
            writer.Add(clip);
        }
        var bytes = ((MemoryStream)writer.ToStream()).ToArray();
        Assert.Equal(writer.Length, bytes.Length);
        var reader = ShardReader.Parse("s", bytes);
        Assert.Equal(Shape, reader.Header.Shape);
        for (var i = 0; i < clips.Length; i++)
        {
            Assert.Equal(clips[i], reader.GetClip(i).ToArray());
            Assert.Equal(clips[i], bytes.AsSpan((int)writer.OffsetOf(i), Shape.ClipBytes).ToArray());
        }
    }

    [Fact]
    public void A_flipped_byte_in_a_clip_is_caught_by_its_checksum()
    {
        var bytes = Build(Clip(1), Clip(2));
        bytes[^10] ^= 0x40;
        var reader = ShardReader.Parse("s", bytes);
        Assert.Equal(Clip(1), reader.GetClip(0).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => reader.GetClip(1));
        Assert.Contains("checksum", e.Message);
        // Clips are hashed once per read of the shard: a good clip read again stays good, a bad one stays refused.
        Assert.Equal(Clip(1), reader.GetClip(0).ToArray());
        Assert.Throws<InvalidDataException>(() => reader.GetClip(1));
    }

    [Fact]
    public void A_truncated_shard_is_refused()
    {
        var bytes = Build(Clip(1), Clip(2));
        var e = Assert.Throws<InvalidDataException>(() => ShardReader.Parse("s", bytes[..^1]));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_damaged_header_or_table_is_refused()
    {
        var header = Build(Clip(1));
        header[20] ^= 1;
        Assert.Contains("corrupt header", Assert.Throws<InvalidDataException>(() => ShardReader.Parse("s", header)).Message);
        var table = Build(Clip(1));
        table[ShardFormat.HeaderSize] ^= 1;
        Assert.Contains("checksum table", Assert.Throws<InvalidDataException>(() => ShardReader.Parse("s", table)).Message);
    }

    [Fact]
    public void Other_files_and_other_versions_are_refused_with_the_reason()
    {
        Assert.Contains("not a VideoSsl shard", Assert.Throws<InvalidDataException>(() => ShardReader.Parse("s", "hello world"u8.ToArray())).Message);
        var bytes = Build(Clip(1));
        bytes[8] = 9;
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => ShardReader.Parse("s", bytes)).Message);
    }

    [Fact]
    public void A_clip_of_the_wrong_size_is_refused()
    {
        var writer = new ShardWriter(Shape);
        Assert.Throws<ArgumentException>(() => writer.Add(new byte[Shape.ClipBytes - 1]));
    }

    [Fact]
    public void Spec_version_changes_with_any_clip_setting_and_only_then()
    {
        var spec = new ClipSpec();
        Assert.Equal(spec.Version, new ClipSpec().Version);
        Assert.NotEqual(spec.Version, (spec with { Size = 32 }).Version);
        Assert.NotEqual(spec.Version, (spec with { FrameRate = 5 }).Version);
        Assert.NotEqual(spec.Version, (spec with { Color = ColorMode.Gray }).Version);
        Assert.NotEqual(spec.Version, (spec with { Stride = 10 }).Version);
    }
}
