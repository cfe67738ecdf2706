using System.Text.Json;

namespace VideoSsl.Storage.Claims;

/// <summary>Exclusive, expiring claims on units of work, kept as small blobs so any number of workers can share them.</summary>
/// <remarks>
/// A claim is a JSON blob at <c>{prefix}/{key}</c> holding its owner and expiry. Acquiring creates it with a conditional
/// create; a claim whose expiry has passed (its worker died) is taken over with a compare-and-swap on its ETag, so
/// two workers can never both win. Holders renew before expiry; expiry uses the claimants' clocks, so keep the time
/// to live well above the clock skew between machines. A claim held by a process of this machine that no longer
/// runs is taken over at once, so a rerun after a kill does not wait for expiry.
/// </remarks>
public sealed class ClaimBoard(IBlobStore store, string prefix, string owner, TimeSpan timeToLive, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Who this board claims for.</summary>
    public string Owner => owner;

    /// <summary>How long a claim lasts without renewal.</summary>
    public TimeSpan TimeToLive => timeToLive;

    /// <summary>The clock expiries are read from.</summary>
    internal TimeProvider Time => _time;

    /// <summary>Claims <paramref name="key"/> if nobody holds a live claim on it; returns null otherwise.</summary>
    public async Task<Claim?> TryAcquireAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = BlobPath.Join(prefix, key);
        var record = NewRecord();
        if (await store.TryCreateAsync(path, Serialize(record), cancellationToken).ConfigureAwait(false))
        {
            return await ReadBackAsync(path, key, cancellationToken).ConfigureAwait(false);
        }
        var current = await store.GetPropertiesAsync(path, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            // Released between our create and our look: try once more from the start.
            return await store.TryCreateAsync(path, Serialize(record), cancellationToken).ConfigureAwait(false)
                ? await ReadBackAsync(path, key, cancellationToken).ConfigureAwait(false)
                : null;
        }
        var held = await ReadRecordAsync(path, cancellationToken).ConfigureAwait(false);
        if (held is not null && held.ExpiresUtc > _time.GetUtcNow() && !HolderIsDeadLocalProcess(held))
        {
            return null;
        }
        // Expired (or unreadable): take it over only if nobody changed it since we looked.
        return await store.TryReplaceAsync(path, Serialize(record), current.ETag, cancellationToken).ConfigureAwait(false)
            ? await ReadBackAsync(path, key, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Extends a held claim; returns false if it was lost (expired and taken over).</summary>
    public async Task<bool> RenewAsync(Claim claim, CancellationToken cancellationToken = default)
    {
        if (!await store.TryReplaceAsync(claim.Path, Serialize(NewRecord()), claim.ETag, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var props = await store.GetPropertiesAsync(claim.Path, cancellationToken).ConfigureAwait(false);
        if (props is null)
        {
            return false;
        }
        claim.ETag = props.ETag;
        return true;
    }

    /// <summary>Gives a claim up (only if it is still ours).</summary>
    public Task<bool> ReleaseAsync(Claim claim, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(claim.Path, claim.ETag, cancellationToken);

    private ClaimRecord NewRecord() => new(owner, _time.GetUtcNow() + timeToLive, Environment.MachineName, Environment.ProcessId);

    // A claim left by a killed process on this same machine need not wait for its expiry.
    private static bool HolderIsDeadLocalProcess(ClaimRecord held)
    {
        if (held.Host != Environment.MachineName || held.ProcessId is not > 0 || held.ProcessId == Environment.ProcessId)
        {
            return false;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(held.ProcessId.Value);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static byte[] Serialize(ClaimRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, BlobStoreExtensions.Json);

    private async Task<ClaimRecord?> ReadRecordAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadJsonOrDefaultAsync<ClaimRecord>(path, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private async Task<Claim?> ReadBackAsync(string path, string key, CancellationToken cancellationToken)
    {
        var props = await store.GetPropertiesAsync(path, cancellationToken).ConfigureAwait(false);
        return props is null ? null : new Claim(key, path) { ETag = props.ETag };
    }

    private sealed record ClaimRecord(string Owner, DateTimeOffset ExpiresUtc, string? Host = null, int? ProcessId = null);
}

/// <summary>A claim held by this worker; its ETag changes at every renewal.</summary>
public sealed class Claim(string key, string path)
{
    /// <summary>The unit of work claimed.</summary>
    public string Key { get; } = key;

    /// <summary>The claim blob's path.</summary>
    public string Path { get; } = path;

    /// <summary>The claim blob's ETag when we last wrote it.</summary>
    public string ETag { get; set; } = "";
}
