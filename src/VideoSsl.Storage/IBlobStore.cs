namespace VideoSsl.Storage;

/// <summary>A flat namespace of blobs addressed by '/'-separated relative paths, with atomic writes.</summary>
/// <remarks>
/// Every write is all-or-nothing: a reader sees the old content, the new content, or no blob, never a part.
/// Conditional operations (<see cref="TryCreateAsync"/>, <see cref="TryReplaceAsync"/>) give workers in other
/// processes or on other machines a way to agree on who does what without any other coordination service.
/// </remarks>
public interface IBlobStore
{
    /// <summary>Where the blobs live, for messages: "folder /data/store", "azure https://acct.blob.core.windows.net/clips".</summary>
    string Description { get; }

    /// <summary>Properties of a blob, or null when it does not exist.</summary>
    Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for sequential reading; throws <see cref="BlobNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Reads <paramref name="length"/> bytes starting at <paramref name="offset"/>.</summary>
    Task<byte[]> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default);

    /// <summary>Writes a blob atomically, replacing any existing one.</summary>
    Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Creates a blob atomically if no blob exists at the path; returns false (and writes nothing) if one does.</summary>
    Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Replaces a blob atomically only if its current ETag is <paramref name="etag"/>; returns false otherwise.</summary>
    Task<bool> TryReplaceAsync(string path, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob (only if its ETag matches, when one is given); returns false if it was not there or did not match.</summary>
    Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default);

    /// <summary>Lists blobs whose path starts with <paramref name="prefix"/>, in ordinal path order.</summary>
    IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>What a store knows about one blob.</summary>
public sealed record BlobProperties(string Path, long Length, string ETag, DateTimeOffset LastModified);

/// <summary>Thrown when a blob that must exist does not.</summary>
public sealed class BlobNotFoundException(string path, string store)
    : IOException($"'{path}' does not exist in {store}.")
{
    /// <summary>The missing blob's path.</summary>
    public string BlobPath { get; } = path;
}
