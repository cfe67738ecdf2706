// MSBuild inline task (RoslynCodeTaskFactory, see TorchSharp.Native.targets): copies an ELF64 shared library and marks
// one of its symbol-version needs weak (VER_FLG_WEAK) so the dynamic loader accepts a libstdc++ that lacks it.
using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenElfVersionNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required] public string Source { get; set; } = "";
    [Required] public string Destination { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    /// <summary>auto: only when this machine's libstdc++ lacks the version; true: always; false: never.</summary>
    [Required] public string Mode { get; set; } = "auto";

    [Output] public bool Patched { get; set; }

    public override bool Execute()
    {
        try
        {
            var bytes = File.ReadAllBytes(Source);
            var needed = Mode.Equals("true", StringComparison.OrdinalIgnoreCase)
                || (Mode.Equals("auto", StringComparison.OrdinalIgnoreCase) && !SystemLibStdCxxHas(VersionName));
            if (needed)
            {
                Patched = Weaken(bytes, VersionName);
                Log.LogMessage(MessageImportance.High, Patched
                    ? $"TorchSharp native: marked the {VersionName} need of {Path.GetFileName(Source)} weak (this machine's libstdc++ lacks it)."
                    : $"TorchSharp native: {Path.GetFileName(Source)} has no strong {VersionName} need; copied unchanged.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
            var temp = Destination + ".tmp";
            File.WriteAllBytes(temp, bytes);
            File.Copy(temp, Destination, overwrite: true);
            File.Delete(temp);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Log.LogError($"TorchSharp native: could not prepare {Destination} from {Source}: {e.Message}");
            return false;
        }
    }

    /// <summary>Whether a libstdc++.so.6 the loader would find defines the version (its name sits in .dynstr).</summary>
    private static bool SystemLibStdCxxHas(string version)
    {
        var candidates = new[]
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };
        var found = candidates.Where(File.Exists).ToList();
        if (found.Count == 0)
        {
            return true; // not a glibc Linux box we know (macOS, Windows, Alpine): leave the file untouched
        }
        var pattern = Encoding.ASCII.GetBytes("\0" + version + "\0");
        return found.All(path => IndexOf(File.ReadAllBytes(path), pattern) >= 0);
    }

    /// <summary>Sets VER_FLG_WEAK on the Vernaux entry named <paramref name="version"/>; false when there is none to change.</summary>
    private static bool Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a little-endian ELF64 file");
        }
        var shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var sh = checked((int)(shoff + (long)i * shentsize));
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed)
            {
                continue;
            }
            var offset = checked((int)BitConverter.ToUInt64(elf, sh + 0x18));
            var link = BitConverter.ToUInt32(elf, sh + 0x28);     // index of .dynstr
            var count = BitConverter.ToUInt32(elf, sh + 0x2C);    // number of Verneed entries
            var strtab = checked((int)BitConverter.ToUInt64(elf, checked((int)(shoff + link * shentsize)) + 0x18));
            var changed = false;
            var vn = offset;
            for (var n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, vn + 2);
                var aux = vn + (int)BitConverter.ToUInt32(elf, vn + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(elf, strtab + (int)BitConverter.ToUInt32(elf, aux + 8));
                    var flags = BitConverter.ToUInt16(elf, aux + 4);
                    if (name == version && (flags & VerFlgWeak) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, aux + 4);
                        changed = true;
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                vn += (int)BitConverter.ToUInt32(elf, vn + 12);
            }
            return changed;
        }
        return false;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = Array.IndexOf(haystack, needle[0]); i >= 0 && i <= haystack.Length - needle.Length; i = Array.IndexOf(haystack, needle[0], i + 1))
        {
            var j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }
            if (j == needle.Length)
            {
                return i;
            }
        }
        return -1;
    }

    private static string ReadString(byte[] bytes, int start)
    {
        var end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}
