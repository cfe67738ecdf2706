using System.Runtime.CompilerServices;
using VideoSsl.Ingestion.Sources;

namespace VideoSsl.Inference.Decoding;

/// <summary>One video file as a source: its folder's source, listing only that file (its path is the file name).</summary>
public sealed class SingleFileSource(string file) : IVideoSource
{
    private readonly string _name = Path.GetFileName(Path.GetFullPath(file));
    private readonly FolderVideoSource _folder = new(Path.GetDirectoryName(Path.GetFullPath(file))!,
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Path.GetExtension(file) });

    public string Description => $"file {Path.GetFullPath(file)}";

    public async IAsyncEnumerable<SourceItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in _folder.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Path == _name)
            {
                yield return item;
            }
        }
    }

    public Task<string> IdentifyAsync(SourceItem item, CancellationToken cancellationToken = default) => _folder.IdentifyAsync(item, cancellationToken);

    public Task<LocalVideo> OpenLocalAsync(SourceItem item, CancellationToken cancellationToken = default) => _folder.OpenLocalAsync(item, cancellationToken);
}
