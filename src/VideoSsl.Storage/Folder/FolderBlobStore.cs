using System.Runtime.CompilerServices;

namespace VideoSsl.Storage.Folder;

/// <summary>The embedded default store: blobs are files under a local folder, written by temp file and rename.</summary>
/// <remarks>
/// Unconditional writes rename a fully written temp file over the target, which POSIX makes atomic.
/// Conditional writes take an OS file lock (released by the kernel if the process dies) around
/// compare-and-rename, so concurrent processes on one machine agree exactly as they would on Azure.
/// </remarks>
public sealed class FolderBlobStore : IBlobStore
{
    private const string TempFolder = ".tmp";
    private const string LockFolder = ".locks";

    // The longest a writer waits for a lock; a finished temp file waits at most this long for its rename.
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root;

    public FolderBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(_root, TempFolder));
        Directory.CreateDirectory(Path.Combine(_root, LockFolder));
    }

    /// <summary>The absolute folder that holds the blobs.</summary>
    public string Root => _root;

    public string Description => $"folder {_root}";

    /// <summary>The local file behind a blob path (for tools that need a file, such as ffmpeg).</summary>
    public string GetLocalPath(string path) => Path.Combine(_root, BlobPath.Validate(path));

    /// <summary>
    /// Removes temporary files that no write has touched for <paramref name="age"/> (at least the lock timeout, 30 s):
    /// what killed processes left of writes they never finished. Returns how many were removed.
    /// </summary>
    /// <remarks>
    /// A live writer's temp file is written continuously and then waits at most the lock timeout for its rename, so an
    /// older one belongs to nobody. Ingest passes its claim time to live: the same age at which a silent worker is dead.
    /// </remarks>
    public int RemoveStaleTemporaryFiles(TimeSpan age)
    {
        var cutoff = DateTime.UtcNow - (age > LockTimeout ? age : LockTimeout);
        var removed = 0;
        foreach (var file in new DirectoryInfo(Path.Combine(_root, TempFolder)).EnumerateFiles())
        {
            try
            {
                if (file.LastWriteTimeUtc < cutoff)
                {
                    file.Delete();
                    removed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone already (another worker's clean-up), or not ours to remove.
            }
        }
        return removed;
    }

    public Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(GetLocalPath(path));
        return Task.FromResult(info.Exists ? ToProperties(path, info) : null);
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult<Stream>(new FileStream(GetLocalPath(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(path, Description);
        }
    }

    public async Task<byte[]> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (offset + length > stream.Length)
        {
            throw new InvalidDataException($"'{path}' in {Description} has {stream.Length} bytes; cannot read {length} at {offset}.");
        }
        stream.Position = offset;
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    public async Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        var target = GetLocalPath(path);
        var temp = await WriteTempAsync(path, content, cancellationToken).ConfigureAwait(false);
        try
        {
            MoveInto(path, temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp); // nothing left once renamed
        }
    }

    public Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        MoveIfAsync(path, content, current => !current.Exists, replace: false, cancellationToken);

    public Task<bool> TryReplaceAsync(string path, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken = default) =>
        MoveIfAsync(path, content, current => current.Exists && ETagOf(current) == etag, replace: true, cancellationToken);

    public async Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        var target = GetLocalPath(path);
        using var _ = await LockAsync(path, cancellationToken).ConfigureAwait(false);
        var current = new FileInfo(target);
        if (!current.Exists || (etag is not null && ETagOf(current) != etag))
        {
            return false;
        }
        current.Delete();
        return true;
    }

    public async IAsyncEnumerable<BlobProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Start from the deepest folder the prefix names, then filter by the rest of the prefix.
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(folder))
        {
            yield break;
        }
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (File: f, Path: Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && !IsInternal(f.Path) && !f.Path.EndsWith(".partial", StringComparison.Ordinal))
            .OrderBy(f => f.Path, StringComparer.Ordinal);
        foreach (var (file, path) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(file);
            if (info.Exists)
            {
                yield return ToProperties(path, info);
            }
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static bool IsInternal(string path) =>
        path.StartsWith(TempFolder + "/", StringComparison.Ordinal) || path.StartsWith(LockFolder + "/", StringComparison.Ordinal);

    private static BlobProperties ToProperties(string path, FileInfo info) =>
        new(path, info.Length, ETagOf(info), new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));

    // A rename gives the blob the temp file's inode and timestamps, so any new content changes the tag.
    private static string ETagOf(FileInfo info) => $"\"{info.LastWriteTimeUtc.Ticks:x}-{info.Length:x}\"";

    // Writes the content to a temp file, then, under the path's lock, renames it over the blob if the blob is as expected.
    private async Task<bool> MoveIfAsync(string path, ReadOnlyMemory<byte> content, Func<FileInfo, bool> expected, bool replace, CancellationToken cancellationToken)
    {
        var target = GetLocalPath(path);
        var temp = await WriteTempAsync(path, new MemoryStream(content.ToArray(), false), cancellationToken).ConfigureAwait(false);
        try
        {
            using var _ = await LockAsync(path, cancellationToken).ConfigureAwait(false);
            if (!expected(new FileInfo(target)))
            {
                return false;
            }
            MoveInto(path, temp, target, overwrite: replace);
            return true;
        }
        finally
        {
            // Nothing left once renamed; otherwise (refused, no lock, cancelled) the temp file goes.
            File.Delete(temp);
        }
    }

    private async Task<string> WriteTempAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_root, TempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            return temp;
        }
        catch (IOException e) when (DiskFull.Is(e))
        {
            File.Delete(temp);
            throw DiskFull.StoreFull(_root, path, e);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private void MoveInto(string path, string temp, string target, bool overwrite)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        }
        catch (IOException e) when (DiskFull.Is(e))
        {
            throw DiskFull.StoreFull(_root, path, e);
        }
        File.Move(temp, target, overwrite);
    }

    private async Task<IDisposable> LockAsync(string path, CancellationToken cancellationToken)
    {
        // One of 256 lock files, chosen by the path's hash; FileShare.None maps to flock(LOCK_EX), released by the kernel
        // on process death. A fixed set rather than a file per blob path: a lock is held for one rename, so paths that
        // share one rarely wait, while a file per path left two files behind for every video ingested (and creating
        // files is what such a store spends most of its time on).
        var lockFile = Path.Combine(_root, LockFolder, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path)))[..2]);
        var delay = 1;
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                // Held by another writer: it holds it for one rename. Anything that lasts this long is not a lock.
                if (DateTime.UtcNow > deadline)
                {
                    throw new IOException($"Could not lock '{path}' in {Description} within {LockTimeout.TotalSeconds:0} s: {e.Message}", e);
                }
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
        }
    }
}
