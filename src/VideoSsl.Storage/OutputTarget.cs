namespace VideoSsl.Storage;

/// <summary>Where a verb's output file goes: a local path, or <c>store:path</c> for a blob in the store (a pipeline's runs/{run}/...); one file per partition.</summary>
public static class OutputTarget
{
    /// <summary>The prefix of a store path.</summary>
    public const string StorePrefix = "store:";

    /// <summary>
    /// The file partition <paramref name="partition"/> writes: the target itself for one partition, else the target with
    /// <c>.part-{i}-of-{n}</c> before its extension (tasks of one stage never write the same file).
    /// </summary>
    public static string ForPartition(string target, (int Index, int Count) partition)
    {
        if (partition.Count <= 1)
        {
            return target;
        }
        var extension = Path.GetExtension(target);
        return $"{target[..^extension.Length]}.part-{partition.Index}-of-{partition.Count}{extension}";
    }

    /// <summary>Writes <paramref name="bytes"/> whole: a local file through a temporary beside it and a rename, so a killed run leaves the old file or none.</summary>
    public static async Task WriteAsync(string target, byte[] bytes, IBlobStore store, CancellationToken cancellationToken)
    {
        if (target.StartsWith(StorePrefix, StringComparison.Ordinal))
        {
            await store.WriteBytesAsync(target[StorePrefix.Length..], bytes, cancellationToken).ConfigureAwait(false);
            return;
        }
        var full = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Where <paramref name="target"/> is, in words, for messages.</summary>
    public static string Describe(string target, IBlobStore store) =>
        target.StartsWith(StorePrefix, StringComparison.Ordinal) ? $"{store.Description} / {target[StorePrefix.Length..]}" : Path.GetFullPath(target);
}
