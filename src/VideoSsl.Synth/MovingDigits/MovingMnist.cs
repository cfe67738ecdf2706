using VideoSsl.Synth.Idx;

namespace VideoSsl.Synth.MovingDigits;

/// <summary>
/// The Moving MNIST protocol as OpenSTL runs it (openstl/datasets/dataloader_moving_mnist.py): 64×64 gray frames, two
/// 28×28 digits bouncing (<see cref="BouncingTrajectory"/>), pixel-wise max, 20 frames of which 10 are seen and 10
/// predicted; training sequences are drawn afresh, 10 000 to an epoch; the test set is 10 000 fixed sequences.
/// </summary>
public static class MovingMnist
{
    /// <summary>Frames per sequence: <see cref="ContextFrames"/> in, the rest predicted.</summary>
    public const int Frames = 20;

    /// <summary>Frames the model sees.</summary>
    public const int ContextFrames = 10;

    /// <summary>Side of the square gray frames.</summary>
    public const int Size = 64;

    /// <summary>Training sequences that make an epoch in OpenSTL (its training set's length); also the test set's size.</summary>
    public const int SequencesPerEpoch = 10_000;

    /// <summary>Bytes of one sequence, [T][H][W] gray8.</summary>
    public const int SequenceBytes = Frames * Size * Size;

    /// <summary>The generator settings of the protocol, drawing with <paramref name="seed"/>.</summary>
    public static MovingDigitsOptions Options(int seed) => new() { Count = 1, Frames = Frames, CanvasSize = Size, DigitsPerVideo = 2, Seed = seed, Workers = 1 };

    /// <summary>A seed of its own for each (<paramref name="seed"/>, <paramref name="stream"/>, <paramref name="key"/>): training batches, validation and test sets never share sequences.</summary>
    public static int Seed(long seed, int stream, long key) =>
        SeedMixer.Derive((int)seed, (int)(seed >> 32), stream, (int)key, (int)(key >> 32));

    /// <summary>
    /// Renders sequence <paramref name="index"/> of the stream <paramref name="seed"/> into <paramref name="destination"/>
    /// ([T][H][W] gray8, <see cref="SequenceBytes"/> bytes), its digits drawn from <paramref name="digits"/> (null: procedural glyphs).
    /// </summary>
    public static void Render(int seed, int index, IdxImages? digits, Span<byte> destination)
    {
        if (destination.Length != SequenceBytes)
        {
            throw new ArgumentException($"A Moving MNIST sequence has {SequenceBytes} bytes, not {destination.Length}.", nameof(destination));
        }
        var frames = MovingDigitsGenerator.RenderSequence(Options(seed), index, digits).Video.Frames;
        for (var t = 0; t < frames.Count; t++)
        {
            frames[t].CopyTo(destination.Slice(t * Size * Size, Size * Size));
        }
    }
}
