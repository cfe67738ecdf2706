namespace VideoSsl.Cloud.Batch.Models;

/// <summary>A blob or container downloaded to the node before a task runs (<c>ResourceFile</c>).</summary>
public sealed record ResourceFile
{
    public string? AutoStorageContainerName { get; init; }

    public Uri? StorageContainerUrl { get; init; }

    public Uri? HttpUrl { get; init; }

    public string? BlobPrefix { get; init; }

    public string? FilePath { get; init; }

    public string? FileMode { get; init; }

    public BatchNodeIdentityReference? IdentityReference { get; init; }

    /// <summary>One blob, read through the pool's user-assigned identity.</summary>
    public static ResourceFile FromBlob(Uri blobUrl, string filePath, string identityResourceId) =>
        new() { HttpUrl = blobUrl, FilePath = filePath, IdentityReference = new(identityResourceId) };

    /// <summary>Every blob under a prefix of a container, read through the pool's user-assigned identity.</summary>
    public static ResourceFile FromContainer(Uri containerUrl, string? blobPrefix, string? filePath, string identityResourceId) =>
        new() { StorageContainerUrl = containerUrl, BlobPrefix = blobPrefix, FilePath = filePath, IdentityReference = new(identityResourceId) };
}
