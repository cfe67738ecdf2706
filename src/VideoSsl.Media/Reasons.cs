namespace VideoSsl.Media;

/// <summary>Turns ffmpeg's multi-line error output into one readable line.</summary>
public static class Reasons
{
    /// <summary>The most telling line of ffmpeg/ffprobe output, trimmed to at most 200 characters.</summary>
    public static string FromFfmpegOutput(string output)
    {
        // FFMpegCore wraps ffprobe's output as "ffprobe exited with non-zero exit-code (1 - <output>)".
        var wrapped = System.Text.RegularExpressions.Regex.Match(output, @"exited with non-zero exit-code \(-?\d+ - (.*)\)\s*$", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (wrapped.Success)
        {
            output = wrapped.Groups[1].Value;
        }
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("ffmpeg version", StringComparison.Ordinal) && !l.StartsWith("ffprobe version", StringComparison.Ordinal))
            .ToList();
        // Prefer a line that names an error over the generic last line ("Conversion failed!").
        var telling = lines.LastOrDefault(l => l.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase))
            ?? lines.LastOrDefault(l => l.Contains(" is invalid", StringComparison.OrdinalIgnoreCase))
            ?? lines.LastOrDefault(l => l.Contains("Invalid data", StringComparison.OrdinalIgnoreCase))
            ?? lines.LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) && !l.Contains("Conversion failed", StringComparison.Ordinal))
            ?? lines.LastOrDefault()
            ?? "no output";
        telling = new string(telling.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        // ffmpeg prefixes lines with "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d...]"; the address is noise.
        telling = System.Text.RegularExpressions.Regex.Replace(telling, @" @ 0x[0-9a-f]+\]", "]");
        // Drop a leading file path ("/tmp/x.mp4: Invalid data ..."): the record already names the input.
        telling = System.Text.RegularExpressions.Regex.Replace(telling, @"^/\S+: ", "");
        return telling.Length <= 200 ? telling : telling[..197] + "...";
    }
}
