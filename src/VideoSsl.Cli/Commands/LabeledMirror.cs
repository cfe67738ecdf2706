using VideoSsl.Cli.Output;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

/// <summary>
/// A labeled set in blob storage (<c>blob:container/prefix</c>) mirrored to a local folder, since its annotations are
/// read from files: ingest --labels and evaluate --labeled use the same mirror, so both cut the same clips under the
/// same video ids (content hashes of the same files), and evaluation finds the pipeline's ingest done.
/// </summary>
public static class LabeledMirror
{
    /// <summary>Downloads what is missing under <paramref name="blobSource"/> to the temp folder (the task's working directory on Batch) and returns that folder.</summary>
    public static async Task<string> MirrorAsync(string blobSource, StoreOptions store, CancellationToken cancellationToken)
    {
        var (container, prefix) = IngestCommand.SplitBlobSource(blobSource);
        var local = Path.Combine(Path.GetTempPath(), "videossl-labeled", container, prefix);
        var source = BlobStoreFactory.CreateSibling(store, container);
        var count = await source.MirrorToFolderAsync(prefix, local, cancellationToken).ConfigureAwait(false);
        Terminal.Log($"Labeled set {blobSource}: {count} files downloaded to {local}.");
        return local;
    }
}
