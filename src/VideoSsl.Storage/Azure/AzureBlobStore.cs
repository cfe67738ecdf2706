using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace VideoSsl.Storage.Azure;

/// <summary>Blobs in one Azure Blob Storage container (or Azurite), written as block blobs.</summary>
/// <remarks>
/// A block blob upload becomes visible only when its block list is committed, so readers never see a part.
/// Conditional creates use If-None-Match: *, compare-and-swap uses If-Match. Retries are the Azure SDK's own
/// (configured in <see cref="BlobStoreFactory"/>); this class adds none.
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    private readonly BlobContainerClient _container;
    private readonly SemaphoreSlim _createContainer = new(1, 1);
    private volatile bool _containerReady;

    public AzureBlobStore(BlobContainerClient container)
    {
        _container = container;
    }

    public string Description => $"azure {_container.Uri}";

    public async Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            var props = await Blob(path).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new BlobProperties(path, props.Value.ContentLength, props.Value.ETag.ToString(), props.Value.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await Blob(path).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return result.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(path, Description);
        }
    }

    public async Task<byte[]> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default)
    {
        try
        {
            var options = new BlobDownloadOptions { Range = new HttpRange(offset, length) };
            var result = await Blob(path).DownloadContentAsync(options, cancellationToken).ConfigureAwait(false);
            var bytes = result.Value.Content.ToArray();
            if (bytes.Length != length)
            {
                throw new InvalidDataException($"'{path}' in {Description}: asked for {length} bytes at {offset}, got {bytes.Length}.");
            }
            return bytes;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(path, Description);
        }
    }

    public async Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await Blob(path).UploadAsync(content, new BlobUploadOptions(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
            await Blob(path).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(string path, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken = default)
    {
        try
        {
            var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = new ETag(etag) } };
            await Blob(path).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var conditions = etag is null ? null : new BlobRequestConditions { IfMatch = new ETag(etag) };
            var response = await Blob(path).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions, cancellationToken).ConfigureAwait(false);
            return response.Value;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<BlobProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_containerReady && !await _container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            yield return new BlobProperties(item.Name, item.Properties.ContentLength ?? 0, item.Properties.ETag?.ToString() ?? "", item.Properties.LastModified ?? default);
        }
    }

    private BlobClient Blob(string path) => _container.GetBlobClient(BlobPath.Validate(path));

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady)
        {
            return;
        }
        await _createContainer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_containerReady)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _containerReady = true;
            }
        }
        finally
        {
            _createContainer.Release();
        }
    }
}
