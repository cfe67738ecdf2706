using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VideoSsl.Training;

/// <summary>The augmenter's bilinear resampling with byte shuffles: 64 output values of a row per step instead of one, bit-identical to the scalar path.</summary>
/// <remarks>
/// Across a row, each output value reads two source bytes whose positions are the same for every row and frame of the
/// clip. For a chunk of <c>(64 / channels − 1)</c> whole pixels, all those bytes lie within 64 consecutive source
/// bytes whenever the crop is not shrunk by more than a pixel per pixel, so one permute of a 64-byte load gathers
/// them (vpermb). The weights and the result are the scalar path's (1/256 fixed point, one rounding), so outputs do not
/// change; the blend down is done in 16-bit lanes (see <see cref="Down"/>). Used where the CPU permutes bytes across a
/// 512-bit register in one instruction (AVX-512 VBMI); elsewhere, for rows under 64 bytes, or for a crop that does not
/// fit, <see cref="TryCreate"/> returns null and the scalar path runs.
/// </remarks>
internal sealed class ShuffleResampler
{
    private const int Lanes = 64, Half = Lanes / 2, Scale = 256;

    private readonly int[] _start, _lo, _hi;
    private readonly Vector512<byte>[] _loIndex, _hiIndex;
    private readonly Vector512<ushort>[] _loWeight, _hiWeight;
    private readonly int _rowOut;

    private ShuffleResampler(int[] start, int[] lo, int[] hi, Vector512<byte>[] loIndex, Vector512<byte>[] hiIndex, Vector512<ushort>[] loWeight, Vector512<ushort>[] hiWeight, int rowOut)
    {
        (_start, _lo, _hi, _loIndex, _hiIndex, _loWeight, _hiWeight, _rowOut) = (start, lo, hi, loIndex, hiIndex, loWeight, hiWeight, rowOut);
    }

    /// <summary>True where the shuffle path is fast on this CPU: one instruction per 64-byte permute.</summary>
    internal static bool Supported => Avx512Vbmi.IsSupported && Avx512BW.IsSupported;

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
        var loIndex = new Vector512<byte>[chunks];
        var hiIndex = new Vector512<byte>[chunks];
        var loWeight = new Vector512<ushort>[2 * chunks];
        var hiWeight = new Vector512<ushort>[2 * chunks];
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
                    return null; // the crop is shrunk too much for a 64-byte window: scalar path
                }
                (a[l], b[l], wa[l], wb[l]) = ((byte)da, (byte)db, (ushort)(Scale - xw[x]), (ushort)xw[x]);
            }
            (loIndex[q], hiIndex[q]) = (Vector512.Create((ReadOnlySpan<byte>)a), Vector512.Create((ReadOnlySpan<byte>)b));
            (loWeight[2 * q], loWeight[(2 * q) + 1]) = (Vector512.Create((ReadOnlySpan<ushort>)wa[..Half]), Vector512.Create((ReadOnlySpan<ushort>)wa[Half..]));
            (hiWeight[2 * q], hiWeight[(2 * q) + 1]) = (Vector512.Create((ReadOnlySpan<ushort>)wb[..Half]), Vector512.Create((ReadOnlySpan<ushort>)wb[Half..]));
        }
        return new ShuffleResampler(start, lo, hi, loIndex, hiIndex, loWeight, hiWeight, rowOut);
    }

    /// <summary>Room each row of sums needs beyond its own values: the last chunk writes whole vectors.</summary>
    public const int Padding = Lanes;

    /// <summary>One source row resampled across, values × 256: <paramref name="sums"/> gets <c>rowOut</c> values (and may be written up to <see cref="Padding"/> beyond).</summary>
    public void Across(ReadOnlySpan<byte> line, Span<ushort> sums)
    {
        for (var q = 0; q < _start.Length; q++)
        {
            var (a0, a1) = Vector512.Widen(Avx512Vbmi.PermuteVar64x8(Vector512.Create(line.Slice(_lo[q], Lanes)), _loIndex[q]));
            var (b0, b1) = Vector512.Widen(Avx512Vbmi.PermuteVar64x8(Vector512.Create(line.Slice(_hi[q], Lanes)), _hiIndex[q]));
            // ≤ 255 × 256 per value: 16 bits suffice.
            ((a0 * _loWeight[2 * q]) + (b0 * _hiWeight[2 * q])).CopyTo(sums.Slice(_start[q], Half));
            ((a1 * _loWeight[(2 * q) + 1]) + (b1 * _hiWeight[(2 * q) + 1])).CopyTo(sums.Slice(_start[q] + Half, Half));
        }
    }

    /// <summary>Blends two rows of sums down: <c>(upper × (256 − w) + lower × w + 2^15) >> 16</c> into bytes, as the scalar path does.</summary>
    /// <remarks>
    /// In 16-bit lanes, exactly: with U = 256·Uh + Ul and L = 256·Lh + Ll, A = Uh·(256 − w) + Lh·w and
    /// B = Ul·(256 − w) + Ll·w are each at most 255 × 256, and (256·A + B + 2^15) >> 16 = (A + (B >> 8) + 128) >> 8
    /// (nested floors; 2^15 is 128 × 256). The sum stays under 2^16 because U, L ≤ 255 × 256 make
    /// A + (B >> 8) ≤ 255 × 256.
    /// </remarks>
    public void Down(ReadOnlySpan<ushort> upper, ReadOnlySpan<ushort> lower, int weight, Span<byte> row)
    {
        Vector512<ushort> w0 = Vector512.Create((ushort)(Scale - weight)), w1 = Vector512.Create((ushort)weight), low = Vector512.Create((ushort)0xFF), half = Vector512.Create((ushort)128);
        var i = 0;
        for (; i + Lanes <= _rowOut; i += Lanes)
        {
            var first = Blend(Vector512.Create(upper.Slice(i, Half)), Vector512.Create(lower.Slice(i, Half)));
            var second = Blend(Vector512.Create(upper.Slice(i + Half, Half)), Vector512.Create(lower.Slice(i + Half, Half)));
            Vector512.Narrow(first, second).CopyTo(row.Slice(i, Lanes));
        }
        for (; i < _rowOut; i++)
        {
            row[i] = (byte)(((upper[i] * (Scale - weight)) + (lower[i] * weight) + (1 << 15)) >> 16);
        }

        Vector512<ushort> Blend(Vector512<ushort> u, Vector512<ushort> l)
        {
            var a = ((u >>> 8) * w0) + ((l >>> 8) * w1);
            var b = ((u & low) * w0) + ((l & low) * w1);
            return (a + (b >>> 8) + half) >>> 8;
        }
    }
}
