using System.IO.Compression;
using VideoSsl.Synth.Idx;
using VideoSsl.Testing;

namespace VideoSsl.Synth.Tests;

public sealed class IdxImageReaderTests
{
    internal static byte[] BuildIdx(int count, int rows, int cols, Func<int, int, byte> pixel, int magic = 0x00000803)
    {
        var bytes = new byte[16 + count * rows * cols];
        WriteBigEndian(bytes, 0, magic);
        WriteBigEndian(bytes, 4, count);
        WriteBigEndian(bytes, 8, rows);
        WriteBigEndian(bytes, 12, cols);
        for (var i = 0; i < count * rows * cols; i++)
        {
            bytes[16 + i] = pixel(i / (rows * cols), i % (rows * cols));
        }

        return bytes;
    }

    private static void WriteBigEndian(byte[] b, int at, int v)
    {
        b[at] = (byte)(v >> 24);
        b[at + 1] = (byte)(v >> 16);
        b[at + 2] = (byte)(v >> 8);
        b[at + 3] = (byte)v;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reads_hand_built_file_plain_and_gzipped(bool gzipped)
    {
        using var tmp = new TempFolder("synth");
        var raw = BuildIdx(3, 4, 5, (image, i) => (byte)(image * 100 + i));
        var path = tmp[gzipped ? "imgs-idx3-ubyte.gz" : "imgs-idx3-ubyte"];
        await File.WriteAllBytesAsync(path, gzipped ? Gzip(raw) : raw);

        var images = await IdxImageReader.ReadAsync(path);

        Assert.Equal((3, 4, 5), (images.Count, images.Rows, images.Columns));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)(200 + i)), images.Image(2).ToArray());
        Assert.Equal(0, images.Image(0)[0]);
        Assert.Equal(119, images.Image(1)[19]);
    }

    [Fact]
    public async Task Rejects_bad_magic_naming_the_file()
    {
        using var tmp = new TempFolder("synth");
        var path = tmp["not-mnist.bin"];
        await File.WriteAllBytesAsync(path, BuildIdx(1, 2, 2, (_, _) => 0, magic: 0x12345678));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => IdxImageReader.ReadAsync(path));

        Assert.Contains("not-mnist.bin", e.Message);
        Assert.Contains("magic", e.Message);
        Assert.Contains("0x12345678", e.Message);
    }

    [Fact]
    public async Task Rejects_a_label_file_and_a_truncated_file_with_the_reason()
    {
        using var tmp = new TempFolder("synth");
        var labels = tmp["labels-idx1-ubyte"];
        await File.WriteAllBytesAsync(labels, [0, 0, 8, 1, 0, 0, 0, 2, 3, 4]);
        var truncated = tmp["short-idx3-ubyte"];
        await File.WriteAllBytesAsync(truncated, BuildIdx(2, 3, 3, (_, _) => 1)[..^4]);

        var labelError = await Assert.ThrowsAsync<InvalidDataException>(() => IdxImageReader.ReadAsync(labels));
        var shortError = await Assert.ThrowsAsync<InvalidDataException>(() => IdxImageReader.ReadAsync(truncated));

        Assert.Contains("label file", labelError.Message);
        Assert.Contains("short-idx3-ubyte", shortError.Message);
        Assert.Contains("truncated", shortError.Message);
    }

    [Fact]
    public async Task Missing_file_is_a_FileNotFoundException()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => IdxImageReader.ReadAsync("/nonexistent/train-images-idx3-ubyte"));
        Assert.Contains("/nonexistent/train-images-idx3-ubyte", e.Message);
    }
}
