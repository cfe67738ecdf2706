using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VideoSsl.Training;

/// <summary>The augmenter's bilinear resampling with byte shuffles: 32 output values of a row per step instead of one, bit-identical to the scalar path.</summary>
/// <remarks>
/// Across a row, each output value reads two source bytes whose positions are the same for every row and frame of the
/// clip. For a chunk of <c>(32 / channels − 1)</c> whole pixels, all those bytes lie within 32 consecutive source
/// bytes whenever the crop is not shrunk by more than a pixel per pixel, so one permute of a 32-byte load gathers
/// them (vpermb). The weights and arithmetic are the scalar path's (1/256 fixed point, one rounding), so outputs do not
/// change. Used where the CPU permutes bytes across a 256-bit register in one instruction (AVX-512 VBMI); elsewhere,
/// or for a crop that does not fit, <see cref="TryCreate"/> returns null and the scalar path runs.
/// </remarks>
internal sealed class ShuffleResampler
{
    private const int Lanes = 32, Scale = 256;

    private readonly int[] _start, _lo, _hi;
    private readonly Vector256<byte>[] _loIndex, _hiIndex;
    private readonly Vector256<ushort>[] _loWeight, _hiWeight;
    private readonly int _rowIn, _rowOut;

    private ShuffleResampler(int[] start, int[] lo, int[] hi, Vector256<byte>[] loIndex, Vector256<byte>[] hiIndex, Vector256<ushort>[] loWeight, Vector256<ushort>[] hiWeight, int rowIn, int rowOut)
    {
        (_start, _lo, _hi, _loIndex, _hiIndex, _loWeight, _hiWeight, _rowIn, _rowOut) = (start, lo, hi, loIndex, hiIndex, loWeight, hiWeight, rowIn, rowOut);
    }

    /// <summary>True where the shuffle path is fast on this CPU: one instruction per 32-byte permute.</summary>
    internal static bool Supported => Avx512Vbmi.VL.IsSupported;

    /// <summary>A plan for rows of <paramref name="width"/> source pixels resampled to <paramref name="size"/> with the given per-pixel taps and weights (1/256); null where the shuffle path cannot run.</summary>
    public static ShuffleResampler? TryCreate(int width, int channels, int size, int[] xs0, int[] xs1, int[] xw)
    {
        int rowIn = width * channels, rowOut = size * channels, step = ((Lanes / channels) - 1) * channels;
        if (!Supported || step < 1 || rowIn < Lanes || rowOut < Lanes)
        {
            return null;
        }
        var chunks = (rowOut + step - 1) / step;
        var start = new int[chunks];
        var lo = new int[chunks];
        var hi = new int[chunks];
        var loIndex = new Vector256<byte>[chunks];
        var hiIndex = new Vector256<byte>[chunks];
        var loWeight = new Vector256<ushort>[2 * chunks];
        var hiWeight = new Vector256<ushort>[2 * chunks];
        Span<byte> a = stackalloc byte[Lanes], b = stackalloc byte[Lanes];
        Span<ushort> wa = stackalloc ushort[Lanes], wb = stackalloc ushort[Lanes];
        for (var q = 0; q < chunks; q++)
        {
            start[q] = q * step;
            var valid = Math.Min(step, rowOut - start[q]);
            int minLo = int.MaxValue, minHi = int.MaxValue;
            for (var l = 0; l < valid; l++)
            {
                var (x, k) = Math.DivRem(start[q] + l, channels);
                minLo = Math.Min(minLo, (xs0[x] * channels) + k);
                minHi = Math.Min(minHi, (xs1[x] * channels) + k);
            }
            // Loads stay inside the row: a window that would run past its end starts earlier.
            lo[q] = Math.Min(minLo, rowIn - Lanes);
            hi[q] = Math.Min(minHi, rowIn - Lanes);
            a.Clear();
            b.Clear();
            wa.Clear();
            wb.Clear();
            for (var l = 0; l < valid; l++)
            {
                var (x, k) = Math.DivRem(start[q] + l, channels);
                int da = (xs0[x] * channels) + k - lo[q], db = (xs1[x] * channels) + k - hi[q];
                if (da is < 0 or >= Lanes || db is < 0 or >= Lanes)
                {
                    return null; // the crop is shrunk too much for a 32-byte window: scalar path
                }
                (a[l], b[l], wa[l], wb[l]) = ((byte)da, (byte)db, (ushort)(Scale - xw[x]), (ushort)xw[x]);
            }
            (loIndex[q], hiIndex[q]) = (Vector256.Create((ReadOnlySpan<byte>)a), Vector256.Create((ReadOnlySpan<byte>)b));
            (loWeight[2 * q], loWeight[(2 * q) + 1]) = (Vector256.Create((ReadOnlySpan<ushort>)wa[..16]), Vector256.Create((ReadOnlySpan<ushort>)wa[16..]));
            (hiWeight[2 * q], hiWeight[(2 * q) + 1]) = (Vector256.Create((ReadOnlySpan<ushort>)wb[..16]), Vector256.Create((ReadOnlySpan<ushort>)wb[16..]));
        }
        return new ShuffleResampler(start, lo, hi, loIndex, hiIndex, loWeight, hiWeight, rowIn, rowOut);
    }

    /// <summary>Room each row of sums needs beyond its own values: the last chunk writes whole vectors.</summary>
    public const int Padding = Lanes;

    /// <summary>One source row resampled across, values × 256: <paramref name="sums"/> gets <c>rowOut</c> values (and may be written up to <see cref="Padding"/> beyond).</summary>
    public void Across(ReadOnlySpan<byte> line, Span<ushort> sums)
    {
        for (var q = 0; q < _start.Length; q++)
        {
            var (a0, a1) = Vector256.Widen(Vector256.Shuffle(Vector256.Create(line.Slice(_lo[q], Lanes)), _loIndex[q]));
            var (b0, b1) = Vector256.Widen(Vector256.Shuffle(Vector256.Create(line.Slice(_hi[q], Lanes)), _hiIndex[q]));
            // ≤ 255 × 256 per value: 16 bits suffice.
            ((a0 * _loWeight[2 * q]) + (b0 * _hiWeight[2 * q])).CopyTo(sums.Slice(_start[q], 16));
            ((a1 * _loWeight[(2 * q) + 1]) + (b1 * _hiWeight[(2 * q) + 1])).CopyTo(sums.Slice(_start[q] + 16, 16));
        }
    }

    /// <summary>Blends two rows of sums down: <c>(upper × (256 − w) + lower × w + 2^15) >> 16</c> into bytes, as the scalar path does.</summary>
    public void Down(ReadOnlySpan<ushort> upper, ReadOnlySpan<ushort> lower, int weight, Span<byte> row)
    {
        Vector256<uint> w0 = Vector256.Create((uint)(Scale - weight)), w1 = Vector256.Create((uint)weight), half = Vector256.Create(1u << 15);
        var i = 0;
        for (; i + Lanes <= _rowOut; i += Lanes)
        {
            var (u0, u1) = Vector256.Widen(Vector256.Create(upper.Slice(i, 16)));
            var (u2, u3) = Vector256.Widen(Vector256.Create(upper.Slice(i + 16, 16)));
            var (l0, l1) = Vector256.Widen(Vector256.Create(lower.Slice(i, 16)));
            var (l2, l3) = Vector256.Widen(Vector256.Create(lower.Slice(i + 16, 16)));
            var first = Vector256.Narrow(((u0 * w0) + (l0 * w1) + half) >> 16, ((u1 * w0) + (l1 * w1) + half) >> 16);
            var second = Vector256.Narrow(((u2 * w0) + (l2 * w1) + half) >> 16, ((u3 * w0) + (l3 * w1) + half) >> 16);
            Vector256.Narrow(first, second).CopyTo(row.Slice(i, Lanes));
        }
        for (; i < _rowOut; i++)
        {
            row[i] = (byte)(((upper[i] * (Scale - weight)) + (lower[i] * weight) + (1 << 15)) >> 16);
        }
    }
}
