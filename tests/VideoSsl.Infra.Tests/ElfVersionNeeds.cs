using System.Text;

namespace VideoSsl.Infra.Tests;

/// <summary>Reads the symbol-version needs (<c>.gnu.version_r</c>, Verneed/Vernaux) of an ELF64 little-endian shared library.</summary>
internal static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The VER_FLG_WEAK flag of a Vernaux entry: the loader accepts a library that lacks the version.</summary>
    public const ushort Weak = 0x2;

    /// <summary>One needed version: the library that should define it, its name, and its flags.</summary>
    public sealed record Need(string Library, string Version, ushort Flags)
    {
        public bool IsWeak => (Flags & Weak) != 0;
    }

    public static IReadOnlyList<Need> Read(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException($"{path} is not a little-endian ELF64 file");
        }

        var shoff = checked((int)BitConverter.ToUInt64(elf, 0x28));
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        var needs = new List<Need>();
        for (var i = 0; i < shnum; i++)
        {
            var sh = shoff + i * shentsize;
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = checked((int)BitConverter.ToUInt64(elf, sh + 0x18));
            var link = (int)BitConverter.ToUInt32(elf, sh + 0x28);
            var count = BitConverter.ToUInt32(elf, sh + 0x2C);
            var strtab = checked((int)BitConverter.ToUInt64(elf, shoff + link * shentsize + 0x18));
            var vn = offset;
            for (var n = 0; n < count; n++)
            {
                var library = ReadString(elf, strtab + (int)BitConverter.ToUInt32(elf, vn + 4));
                int auxCount = BitConverter.ToUInt16(elf, vn + 2);
                var aux = vn + (int)BitConverter.ToUInt32(elf, vn + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    needs.Add(new Need(library, ReadString(elf, strtab + (int)BitConverter.ToUInt32(elf, aux + 8)), BitConverter.ToUInt16(elf, aux + 4)));
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }

                vn += (int)BitConverter.ToUInt32(elf, vn + 12);
            }
        }

        return needs;
    }

    private static string ReadString(byte[] bytes, int start) => Encoding.ASCII.GetString(bytes, start, Array.IndexOf(bytes, (byte)0, start) - start);
}
