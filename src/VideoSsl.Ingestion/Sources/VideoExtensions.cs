namespace VideoSsl.Ingestion.Sources;

/// <summary>The file name extensions taken as videos by default.</summary>
public static class VideoExtensions
{
    /// <summary>Containers and formats ffmpeg commonly decodes.</summary>
    public static readonly IReadOnlySet<string> Default = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".gif", ".mpg", ".mpeg", ".ts", ".mts", ".m2ts",
        ".flv", ".wmv", ".3gp", ".ogv", ".y4m", ".mjpeg", ".mxf", ".vob",
    };

    /// <summary>Parses a comma-separated list such as "mp4,webm"; null or empty gives the default set.</summary>
    public static IReadOnlySet<string> Parse(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? Default
            : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(e => e.StartsWith('.') ? e : "." + e).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
