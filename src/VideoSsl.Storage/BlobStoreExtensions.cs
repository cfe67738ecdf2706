using System.Text;
using System.Text.Json;

namespace VideoSsl.Storage;

/// <summary>Conveniences over <see cref="IBlobStore"/> for small blobs, JSON documents and files.</summary>
public static class BlobStoreExtensions
{
    /// <summary>JSON settings shared by every document the project writes.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<bool> ExistsAsync(this IBlobStore store, string path, CancellationToken cancellationToken = default) =>
        await store.GetPropertiesAsync(path, cancellationToken).ConfigureAwait(false) is not null;

    public static async Task<byte[]> ReadAllBytesAsync(this IBlobStore store, string path, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        byte[] head = [];
        if (stream.CanSeek)
        {
            // A file: one array of its length, read into in place. Through a MemoryStream (growing by doubling, then
            // copied out by ToArray) a 67 MB shard cost ~200 MB of fresh, page-faulting memory and as many bytes copied,
            // on the thread pool beside training.
            head = new byte[stream.Length - stream.Position];
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        }
        using var rest = new MemoryStream();
        await stream.CopyToAsync(rest, cancellationToken).ConfigureAwait(false);
        return rest.Length == 0 ? head : [.. head, .. rest.ToArray()];
    }

    public static async Task<string> ReadTextAsync(this IBlobStore store, string path, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await store.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    public static async Task WriteBytesAsync(this IBlobStore store, string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await store.WriteAsync(path, stream, cancellationToken).ConfigureAwait(false);
    }

    public static Task WriteTextAsync(this IBlobStore store, string path, string text, CancellationToken cancellationToken = default) =>
        store.WriteBytesAsync(path, Encoding.UTF8.GetBytes(text), cancellationToken);

    public static Task WriteJsonAsync<T>(this IBlobStore store, string path, T value, CancellationToken cancellationToken = default) =>
        store.WriteBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, Json), cancellationToken);

    public static Task<bool> TryCreateJsonAsync<T>(this IBlobStore store, string path, T value, CancellationToken cancellationToken = default) =>
        store.TryCreateAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, Json), cancellationToken);

    /// <summary>Reads a JSON document, or returns default when the blob does not exist.</summary>
    public static async Task<T?> ReadJsonOrDefaultAsync<T>(this IBlobStore store, string path, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await store.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            return default;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' in {store.Description} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Copies a blob to a local file atomically (temp file + rename).</summary>
    public static async Task DownloadToFileAsync(this IBlobStore store, string path, string localFile, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localFile))!);
        var temp = localFile + $".{Guid.NewGuid():N}.partial";
        try
        {
            await using (var source = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false))
            await using (var target = File.Create(temp))
            {
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }
            File.Move(temp, localFile, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Uploads a local file atomically.</summary>
    public static async Task UploadFileAsync(this IBlobStore store, string path, string localFile, CancellationToken cancellationToken = default)
    {
        await using var source = File.OpenRead(localFile);
        await store.WriteAsync(path, source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies every blob under <paramref name="prefix"/> into <paramref name="folder"/> (keeping the relative paths), skipping files already there with the same length.</summary>
    /// <returns>How many blobs were downloaded.</returns>
    public static async Task<int> MirrorToFolderAsync(this IBlobStore store, string prefix, string folder, CancellationToken cancellationToken = default)
    {
        var normalized = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
        var downloaded = 0;
        await foreach (var blob in store.ListAsync(normalized, cancellationToken).ConfigureAwait(false))
        {
            var relative = BlobPath.Validate(blob.Path[normalized.Length..]);
            var local = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(local) && new FileInfo(local).Length == blob.Length)
            {
                continue;
            }
            await store.DownloadToFileAsync(blob.Path, local, cancellationToken).ConfigureAwait(false);
            downloaded++;
        }
        return downloaded;
    }
}
