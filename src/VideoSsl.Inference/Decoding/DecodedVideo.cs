namespace VideoSsl.Inference.Decoding;

/// <summary>One source video cut into clips in memory, or the reason it could not be (ingest's quarantine reasons).</summary>
/// <param name="Path">The video's path relative to the source (a blob's name below the prefix).</param>
/// <param name="Clips">uint8 clips [T][H][W][C] in time order; empty when the video failed.</param>
/// <param name="Starts">Each clip's first frame, in seconds from the start of the video.</param>
/// <param name="Reason">Why the video gave no clips; null when it gave some.</param>
public sealed record DecodedVideo(string Path, IReadOnlyList<byte[]> Clips, IReadOnlyList<double> Starts, string? Reason)
{
    /// <summary>True when the video gave at least one clip.</summary>
    public bool Succeeded => Reason is null;

    /// <summary>A video that gave no clips.</summary>
    public static DecodedVideo Failed(string path, string reason) => new(path, [], [], reason);
}
