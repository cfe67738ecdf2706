namespace VideoSsl.Models;

/// <summary>Tensor arithmetic with numbers that keeps every <see cref="Scalar"/> alive through its native call (see <see cref="Scalars"/>).</summary>
/// <remarks>Use these instead of <c>+</c>, and instead of <c>-</c>, <c>*</c>, <c>/</c> with a number: TorchSharp's operators create Scalars the GC may finalize mid-call.</remarks>
public static class TensorArithmetic
{
    /// <summary><paramref name="a"/> + <paramref name="b"/>, element-wise (broadcasting).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, Scalars.One);

    /// <summary><paramref name="a"/> + <paramref name="b"/>.</summary>
    public static Tensor Plus(this Tensor a, double b) => WithScalar(b, s => a.add(s, Scalars.One));

    /// <summary><paramref name="a"/> − <paramref name="b"/>.</summary>
    public static Tensor Minus(this Tensor a, double b) => WithScalar(b, s => a.sub(s));

    /// <summary><paramref name="a"/> − <paramref name="b"/>: a number minus a tensor, e.g. 1 − mask.</summary>
    public static Tensor Minus(double a, Tensor b) => WithScalar(a, s => b.neg().add_(s, Scalars.One));

    /// <summary><paramref name="a"/> · <paramref name="b"/>.</summary>
    public static Tensor Times(this Tensor a, double b) => WithScalar(b, s => a.mul(s));

    /// <summary><paramref name="a"/> / <paramref name="b"/>.</summary>
    public static Tensor Over(this Tensor a, double b) => WithScalar(b, s => a.div(s));

    /// <summary><paramref name="a"/>², element-wise (TorchSharp's <c>square()</c> is <c>pow(2)</c> with an implicit Scalar).</summary>
    public static Tensor Squared(this Tensor a) => a.pow(Scalars.Two);

    /// <summary>In place: <paramref name="a"/> ·= <paramref name="b"/>; returns <paramref name="a"/>.</summary>
    public static Tensor TimesInPlace(this Tensor a, double b) => WithScalar(b, s => a.mul_(s));

    /// <summary>In place: every element of <paramref name="a"/> set to <paramref name="value"/>; returns <paramref name="a"/>.</summary>
    public static Tensor FillInPlace(this Tensor a, double value) => WithScalar(value, s => a.fill_(s));

    /// <summary>Clamped to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Tensor Clamped(this Tensor a, double min, double max)
    {
        using var lo = Scalars.Of(min);
        using var hi = Scalars.Of(max);
        return a.clamp(lo, hi);
    }

    /// <summary>Clamped below at <paramref name="min"/>.</summary>
    public static Tensor AtLeast(this Tensor a, double min) => WithScalar(min, s => a.clamp_min(s));

    /// <summary>The integers [<paramref name="start"/>, <paramref name="stop"/>) as an int64 vector.</summary>
    public static Tensor Range(long start, long stop, Device? device = null)
    {
        using var from = Scalars.Of(start);
        using var to = Scalars.Of(stop);
        return arange(from, to, Scalars.One, ScalarType.Int64, device);
    }

    /// <summary>A tensor of <paramref name="shape"/> filled with <paramref name="value"/> (float32 unless <paramref name="dtype"/> says otherwise).</summary>
    public static Tensor Full(long[] shape, double value, Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        WithScalar(value, s => full(shape, s, dtype: dtype, device: device));

    // The one place a number becomes a Scalar for a single native call: the Scalar is disposed only after the call returns.
    private static Tensor WithScalar(double value, Func<Scalar, Tensor> call)
    {
        using var s = Scalars.Of(value);
        return call(s);
    }
}
