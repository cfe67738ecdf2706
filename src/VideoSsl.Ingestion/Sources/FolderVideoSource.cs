using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using VideoSsl.Storage;

namespace VideoSsl.Ingestion.Sources;

/// <summary>Videos in a local folder tree.</summary>
public sealed class FolderVideoSource(string root, IReadOnlySet<string>? extensions = null) : IVideoSource
{
    private readonly string _root = Path.GetFullPath(root);
    private readonly IReadOnlySet<string> _extensions = extensions ?? VideoExtensions.Default;

    public string Description => $"folder {_root}";

    public async IAsyncEnumerable<SourceItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"Source folder '{_root}' does not exist.");
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        var files = Directory.EnumerateFiles(_root, "*", options)
            .Where(f => _extensions.Contains(Path.GetExtension(f)))
            .Select(f => (Full: f, Relative: Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        foreach (var (full, relative) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(full);
            yield return new SourceItem(relative, info.Exists ? info.Length : 0, UnsafeReason(relative, info));
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async Task<string> IdentifyAsync(SourceItem item, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(FullPath(item), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        return "sha256:" + Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
    }

    public Task<LocalVideo> OpenLocalAsync(SourceItem item, CancellationToken cancellationToken = default) =>
        Task.FromResult(new LocalVideo(FullPath(item), temporary: false));

    private string FullPath(SourceItem item) => Path.Combine(_root, item.Path);

    private string? UnsafeReason(string relative, FileInfo info)
    {
        if (!BlobPath.TryValidate(relative, out var reason))
        {
            return $"unsafe name: {reason}";
        }
        if (info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            if (target is null || !target.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return "unsafe name: symbolic link pointing outside the source folder";
            }
        }
        return null;
    }
}
