using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using VideoSsl.Storage;

namespace VideoSsl.Ingestion.Sources;

/// <summary>Videos under a prefix of a blob store; each is copied to a temporary local file for ffmpeg.</summary>
public sealed class BlobVideoSource(IBlobStore store, string prefix, IReadOnlySet<string>? extensions = null) : IVideoSource
{
    private readonly IReadOnlySet<string> _extensions = extensions ?? VideoExtensions.Default;
    private readonly string _prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";

    public string Description => $"blobs under '{_prefix}' in {store.Description}";

    public async IAsyncEnumerable<SourceItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var blob in store.ListAsync(_prefix, cancellationToken).ConfigureAwait(false))
        {
            var relative = blob.Path[_prefix.Length..];
            if (!_extensions.Contains(Path.GetExtension(relative)))
            {
                continue;
            }
            var reason = BlobPath.TryValidate(relative, out var why) ? null : $"unsafe name: {why}";
            yield return new SourceItem(relative, blob.Length, reason);
        }
    }

    public async Task<string> IdentifyAsync(SourceItem item, CancellationToken cancellationToken = default)
    {
        // Identity without downloading: the ETag changes whenever the content does.
        var props = await store.GetPropertiesAsync(_prefix + item.Path, cancellationToken).ConfigureAwait(false)
            ?? throw new BlobNotFoundException(_prefix + item.Path, store.Description);
        return $"etag:{props.ETag.Trim('"')}:{props.Length}";
    }

    public async Task<LocalVideo> OpenLocalAsync(SourceItem item, CancellationToken cancellationToken = default)
    {
        var local = Path.Combine(Path.GetTempPath(), $"videossl-{Guid.NewGuid():N}{Path.GetExtension(item.Path)}");
        try
        {
            await using (var source = await store.OpenReadAsync(_prefix + item.Path, cancellationToken).ConfigureAwait(false))
            await using (var target = File.Create(local))
            {
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }
            await using var check = File.OpenRead(local);
            var sha = Convert.ToHexString(await SHA256.HashDataAsync(check, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
            return new LocalVideo(local, temporary: true) { Sha256 = "sha256:" + sha };
        }
        catch
        {
            File.Delete(local);
            throw;
        }
    }
}
