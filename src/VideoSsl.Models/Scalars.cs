namespace VideoSsl.Models;

/// <summary>TorchSharp <see cref="Scalar"/>s that outlive the native call reading them: the only way this project passes numbers to tensor ops.</summary>
/// <remarks>
/// TorchSharp 0.107 turns a number given where a <see cref="Scalar"/> is expected (and the alpha of <c>a + b</c>, the exponent
/// of <c>t.square()</c>, and the value of <c>t.ToSingle()</c>) into a Scalar object that nothing references once its native handle has been
/// read; a garbage collection during the native call can run its finalizer, which frees the value libtorch is about
/// to read ("Expected false to be true ... Scalar.h:140", or a wrong result). Constants here are static fields, never
/// collected; any other value comes from <see cref="Of(double)"/> and is disposed by the caller after the call
/// (<c>using var s = Scalars.Of(x);</c>), which keeps it reachable until then. eng/BannedSymbols.txt makes the
/// compiler refuse the implicit conversions and the TorchSharp overloads that create such Scalars internally.
/// </remarks>
public static class Scalars
{
    /// <summary>0 (an integer Scalar: fits tensors of every type).</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>1 (an integer Scalar: fits tensors of every type); the alpha of a plain sum.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>2 (an integer Scalar): the exponent of a square.</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>−1 (an integer Scalar).</summary>
    public static readonly Scalar MinusOne = (-1).ToScalar();

    /// <summary>255, the largest byte value: pixels to and from [0, 1].</summary>
    public static readonly Scalar ByteMax = 255.ToScalar();

    /// <summary>A floating-point Scalar for <paramref name="value"/>; the caller disposes it after the call that reads it.</summary>
    public static Scalar Of(double value) => value.ToScalar();

    /// <summary>An integer Scalar for <paramref name="value"/>; the caller disposes it after the call that reads it.</summary>
    public static Scalar Of(long value) => value.ToScalar();
}
