namespace VideoSsl.Synth.Idx;

/// <summary>A stack of equally sized 8-bit grayscale images read from an MNIST-format (idx3-ubyte) file.</summary>
/// <param name="count">Images in the stack.</param>
/// <param name="rows">Rows of each image.</param>
/// <param name="columns">Columns of each image.</param>
/// <param name="pixels"><paramref name="count"/> row-major images of <paramref name="rows"/>×<paramref name="columns"/> bytes, back to back.</param>
public sealed class IdxImages(int count, int rows, int columns, byte[] pixels)
{
    private readonly byte[] _pixels = Checked(count, rows, columns, pixels);

    /// <summary>Images in the stack.</summary>
    public int Count { get; } = count;

    /// <summary>Rows of each image.</summary>
    public int Rows { get; } = rows;

    /// <summary>Columns of each image.</summary>
    public int Columns { get; } = columns;

    /// <summary>Every image's pixels, back to back.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The images at <paramref name="indices"/>, in that order, as a stack of their own.</summary>
    public IdxImages Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var size = Rows * Columns;
        var pixels = new byte[indices.Count * size];
        for (var i = 0; i < indices.Count; i++)
        {
            Image(indices[i]).CopyTo(pixels.AsSpan(i * size, size));
        }
        return new IdxImages(indices.Count, Rows, Columns, pixels);
    }

    /// <summary>The pixels of image <paramref name="index"/>, row-major, 0 = background.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.AsSpan(index * Rows * Columns, Rows * Columns);
    }

    private static byte[] Checked(int count, int rows, int columns, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentNullException.ThrowIfNull(pixels);
        return pixels.LongLength == (long)count * rows * columns
            ? pixels
            : throw new ArgumentException($"Expected {(long)count * rows * columns} pixel bytes, got {pixels.LongLength}.", nameof(pixels));
    }
}
