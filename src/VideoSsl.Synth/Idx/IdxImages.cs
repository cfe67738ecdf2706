namespace VideoSsl.Synth.Idx;

/// <summary>A stack of equally sized 8-bit grayscale images read from an MNIST-format (idx3-ubyte) file.</summary>
public sealed class IdxImages
{
    private readonly byte[] _pixels;

    /// <summary>Wraps <paramref name="pixels"/>: <paramref name="count"/> row-major images of <paramref name="rows"/>×<paramref name="columns"/> bytes, back to back.</summary>
    public IdxImages(int count, int rows, int columns, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)count * rows * columns)
        {
            throw new ArgumentException($"Expected {(long)count * rows * columns} pixel bytes, got {pixels.LongLength}.", nameof(pixels));
        }

        Count = count;
        Rows = rows;
        Columns = columns;
        _pixels = pixels;
    }

    public int Count { get; }

    public int Rows { get; }

    public int Columns { get; }

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
}
