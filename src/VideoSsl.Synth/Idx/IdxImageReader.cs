using System.Buffers.Binary;
using System.IO.Compression;

namespace VideoSsl.Synth.Idx;

/// <summary>
/// Reads MNIST-format image files (idx3-ubyte: magic 0x00000803, big-endian count, rows, columns, then pixels), plain
/// or gzip-compressed (detected from the content, not the name), e.g. MNIST, Fashion-MNIST or EMNIST image files.
/// </summary>
public static class IdxImageReader
{
    private const int HeaderBytes = 16;

    /// <summary>Reads the whole file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not an idx3-ubyte image file; the message names the file and the reason.</exception>
    public static async Task<IdxImages> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX image file '{path}' does not exist.", path);
        }

        await using var file = File.OpenRead(path);
        return await ReadAsync(file, path, cancellationToken);
    }

    /// <summary>Reads an IDX image stream; <paramref name="sourceName"/> names it in error messages.</summary>
    public static async Task<IdxImages> ReadAsync(Stream stream, string sourceName, CancellationToken cancellationToken = default)
    {
        using var buffered = new MemoryStream();
        await stream.CopyToAsync(buffered, cancellationToken);
        var bytes = buffered.ToArray();
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            bytes = await GunzipAsync(bytes, sourceName, cancellationToken);
        }

        return Parse(bytes, sourceName);
    }

    private static async Task<byte[]> GunzipAsync(byte[] compressed, string sourceName, CancellationToken cancellationToken)
    {
        try
        {
            await using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            await gzip.CopyToAsync(output, cancellationToken);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{sourceName}' looks gzip-compressed but does not decompress: {e.Message}", e);
        }
    }

    private static IdxImages Parse(byte[] bytes, string sourceName)
    {
        if (bytes.Length < 4)
        {
            throw Bad(sourceName, $"it has only {bytes.Length} bytes, too few for an IDX header");
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw Bad(sourceName, $"bad magic number 0x{magic:X8}; an IDX file starts with two zero bytes (images: 0x00000803)");
        }

        if (bytes[2] != 0x08)
        {
            throw Bad(sourceName, $"element type 0x{bytes[2]:X2} is not unsigned byte (0x08), magic 0x{magic:X8}");
        }

        if (bytes[3] != 3)
        {
            var hint = bytes[3] == 1 ? " (this is a label file, idx1-ubyte; pass the images file, idx3-ubyte)" : string.Empty;
            throw Bad(sourceName, $"it has {bytes[3]} dimensions, images need 3{hint}");
        }

        if (bytes.Length < HeaderBytes)
        {
            throw Bad(sourceName, $"header truncated at {bytes.Length} bytes (needs {HeaderBytes})");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var columns = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (count <= 0 || rows <= 0 || columns <= 0)
        {
            throw Bad(sourceName, $"dimensions {count}x{rows}x{columns} must all be positive");
        }

        var expected = (long)count * rows * columns;
        var actual = bytes.LongLength - HeaderBytes;
        if (actual != expected)
        {
            throw Bad(sourceName, $"{count} images of {rows}x{columns} need {expected} pixel bytes, the file has {actual}" +
                (actual < expected ? " (truncated?)" : string.Empty));
        }

        return new IdxImages(count, rows, columns, bytes[HeaderBytes..]);
    }

    private static InvalidDataException Bad(string sourceName, string reason) =>
        new($"'{sourceName}' is not a valid MNIST-format IDX image file: {reason}.");
}
