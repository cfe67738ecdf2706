namespace VideoSsl.Media;

/// <summary>Turns ffmpeg's multi-line error output into one readable line.</summary>
public static class Reasons
{
    /// <summary>The most telling line of ffmpeg/ffprobe output, trimmed to at most 200 characters.</summary>
    public static string FromFfmpegOutput(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("ffmpeg version", StringComparison.Ordinal) && !l.StartsWith("ffprobe version", StringComparison.Ordinal))
            .ToList();
        // Prefer a line that names an error over the generic last line ("Conversion failed!").
        var telling = lines.LastOrDefault(l => l.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase))
            ?? lines.LastOrDefault(l => l.Contains("Invalid data", StringComparison.OrdinalIgnoreCase))
            ?? lines.LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) && !l.Contains("Conversion failed", StringComparison.Ordinal))
            ?? lines.LastOrDefault()
            ?? "no output";
        telling = new string(telling.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        // ffmpeg prefixes lines with "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d...]"; the address is noise.
        telling = System.Text.RegularExpressions.Regex.Replace(telling, @" @ 0x[0-9a-f]+\]", "]");
        return telling.Length <= 200 ? telling : telling[..197] + "...";
    }
}
