using VideoSsl.Storage;

namespace VideoSsl.Testing;

/// <summary>A store that passes every call to another; tests override the calls they interfere with (a fault, a pause).</summary>
public abstract class StoreDecorator(IBlobStore inner) : IBlobStore
{
    /// <summary>The store every call goes to.</summary>
    protected IBlobStore Inner { get; } = inner;

    public string Description => Inner.Description;

    public virtual Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default) => Inner.GetPropertiesAsync(path, cancellationToken);

    public virtual Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) => Inner.OpenReadAsync(path, cancellationToken);

    public virtual Task<byte[]> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default) => Inner.ReadRangeAsync(path, offset, length, cancellationToken);

    public virtual Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default) => Inner.WriteAsync(path, content, cancellationToken);

    public virtual Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => Inner.TryCreateAsync(path, content, cancellationToken);

    public virtual Task<bool> TryReplaceAsync(string path, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken = default) => Inner.TryReplaceAsync(path, content, etag, cancellationToken);

    public virtual Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default) => Inner.DeleteAsync(path, etag, cancellationToken);

    public virtual IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken = default) => Inner.ListAsync(prefix, cancellationToken);
}
