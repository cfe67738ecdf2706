namespace VideoSsl.Ingestion.Sources;

/// <summary>Where the videos to ingest come from: a local folder tree or a blob container prefix.</summary>
public interface IVideoSource
{
    /// <summary>For messages: "folder /videos", "blob raw/2026/".</summary>
    string Description { get; }

    /// <summary>Every candidate video, in ordinal path order; unsafe names come back with a reason instead of being skipped silently.</summary>
    IAsyncEnumerable<SourceItem> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>A content identity computed without decoding (sha256 of the bytes, or the blob's MD5/ETag).</summary>
    Task<string> IdentifyAsync(SourceItem item, CancellationToken cancellationToken = default);

    /// <summary>A local file holding the video for ffmpeg; disposing it removes any temporary copy.</summary>
    Task<LocalVideo> OpenLocalAsync(SourceItem item, CancellationToken cancellationToken = default);
}

/// <summary>One candidate video: its path relative to the source, its size, and why it is refused if it is.</summary>
public sealed record SourceItem(string Path, long Length, string? UnsafeReason = null);

/// <summary>A local file for ffmpeg to read; deletes the file on dispose when it was a temporary copy.</summary>
public sealed class LocalVideo(string file, bool temporary) : IDisposable
{
    /// <summary>The local file.</summary>
    public string File { get; } = file;

    /// <summary>The sha256 of the bytes when it was computed while copying, else null.</summary>
    public string? Sha256 { get; init; }

    public void Dispose()
    {
        if (temporary)
        {
            System.IO.File.Delete(File);
        }
    }
}
