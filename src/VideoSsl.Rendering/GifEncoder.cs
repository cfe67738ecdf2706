namespace VideoSsl.Rendering;

/// <summary>Writes looping animated GIFs (GIF89a, LZW) from RGB frames: an exact gray palette for gray images, 3-3-2 RGB otherwise.</summary>
public static class GifEncoder
{
    /// <param name="delayCentiseconds">Time each frame is shown, in 1/100 s.</param>
    public static byte[] Encode(IReadOnlyList<RgbImage> frames, int delayCentiseconds = 10)
    {
        if (frames.Count == 0)
        {
            throw new ArgumentException("A GIF needs at least one frame.", nameof(frames));
        }
        int width = frames[0].Width, height = frames[0].Height;
        var gray = frames.All(IsGray);
        using var output = new MemoryStream();
        var w = new BinaryWriter(output);
        w.Write("GIF89a"u8);
        w.Write((ushort)width);
        w.Write((ushort)height);
        w.Write((byte)0xF7); // global colour table, 8 bits per primary, 256 entries
        w.Write((byte)0);
        w.Write((byte)0);
        for (var i = 0; i < 256; i++)
        {
            if (gray)
            {
                w.Write([(byte)i, (byte)i, (byte)i]);
            }
            else
            {
                w.Write([(byte)((i >> 5) * 255 / 7), (byte)(((i >> 2) & 7) * 255 / 7), (byte)((i & 3) * 255 / 3)]);
            }
        }
        w.Write([0x21, 0xFF, 0x0B]);
        w.Write("NETSCAPE2.0"u8);
        w.Write([0x03, 0x01, 0x00, 0x00, 0x00]); // loop forever
        foreach (var frame in frames)
        {
            w.Write([0x21, 0xF9, 0x04, 0x00]);
            w.Write((ushort)delayCentiseconds);
            w.Write([0x00, 0x00]);
            w.Write((byte)0x2C);
            w.Write((ushort)0);
            w.Write((ushort)0);
            w.Write((ushort)width);
            w.Write((ushort)height);
            w.Write((byte)0);
            var indices = new byte[width * height];
            for (var p = 0; p < indices.Length; p++)
            {
                byte r = frame.Pixels[p * 3], g = frame.Pixels[(p * 3) + 1], b = frame.Pixels[(p * 3) + 2];
                indices[p] = gray ? r : (byte)(((r * 7 + 127) / 255 << 5) | ((g * 7 + 127) / 255 << 2) | ((b * 3 + 127) / 255));
            }
            w.Write((byte)8);
            var data = Lzw(indices);
            for (var offset = 0; offset < data.Length; offset += 255)
            {
                var n = Math.Min(255, data.Length - offset);
                w.Write((byte)n);
                w.Write(data, offset, n);
            }
            w.Write((byte)0);
        }
        w.Write((byte)0x3B);
        w.Flush();
        return output.ToArray();
    }

    private static bool IsGray(RgbImage image)
    {
        for (var p = 0; p < image.Pixels.Length; p += 3)
        {
            if (image.Pixels[p] != image.Pixels[p + 1] || image.Pixels[p] != image.Pixels[p + 2])
            {
                return false;
            }
        }
        return true;
    }

    // Variable-width LZW with 8-bit symbols, as GIF specifies: clear = 256, end = 257, codes up to 12 bits.
    private static byte[] Lzw(byte[] symbols)
    {
        const int Clear = 256, End = 257, MaxCode = 4095;
        var output = new List<byte>();
        int bitBuffer = 0, bitCount = 0, codeSize = 9, next = 258;
        var table = new Dictionary<int, int>();
        void Emit(int code)
        {
            bitBuffer |= code << bitCount;
            bitCount += codeSize;
            while (bitCount >= 8)
            {
                output.Add((byte)(bitBuffer & 0xFF));
                bitBuffer >>= 8;
                bitCount -= 8;
            }
        }
        Emit(Clear);
        var prefix = symbols[0];
        var current = (int)prefix;
        for (var i = 1; i < symbols.Length; i++)
        {
            var key = (current << 8) | symbols[i];
            if (table.TryGetValue(key, out var code))
            {
                current = code;
                continue;
            }
            Emit(current);
            if (next <= MaxCode)
            {
                table[key] = next++;
                if (next > (1 << codeSize) && codeSize < 12)
                {
                    codeSize++;
                }
            }
            else
            {
                Emit(Clear);
                table.Clear();
                next = 258;
                codeSize = 9;
            }
            current = symbols[i];
        }
        Emit(current);
        // The decoder adds one more entry after reading that code and may widen before reading End: mirror it.
        if (next <= MaxCode && next >= (1 << codeSize) && codeSize < 12)
        {
            codeSize++;
        }
        Emit(End);
        if (bitCount > 0)
        {
            output.Add((byte)(bitBuffer & 0xFF));
        }
        return [.. output];
    }
}
