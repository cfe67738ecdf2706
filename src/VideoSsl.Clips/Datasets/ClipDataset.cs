using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VideoSsl.Clips.Shards;
using VideoSsl.Storage;

namespace VideoSsl.Clips.Datasets;

/// <summary>Reads an ingested dataset version: random access by clip number, or streaming shard by shard.</summary>
/// <remarks>Thread-safe. Returns plain byte arrays ([T][H][W][C] uint8), never tensors.</remarks>
public sealed class ClipDataset
{
    private readonly IBlobStore _store;
    private readonly ShardCache? _cache;
    private readonly ConcurrentDictionary<string, Task<ulong[]>> _tables = new();

    // True for a concatenation of several datasets: entries' Shard names are full store paths, not names relative to Layout.Root.
    private readonly bool _fullShardPaths;

    private ClipDataset(IBlobStore store, DatasetLayout layout, DatasetInfo info, IReadOnlyList<ManifestEntry> entries, ShardCache? cache, bool fullShardPaths = false)
    {
        _store = store;
        _fullShardPaths = fullShardPaths;
        Layout = layout;
        Info = info;
        Entries = entries;
        _cache = cache;
        Shards = entries.Select(e => e.Shard).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Where the version lives.</summary>
    public DatasetLayout Layout { get; }

    /// <summary>The version's spec.</summary>
    public DatasetInfo Info { get; }

    /// <summary>Every clip, numbered 0..Count-1.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>Shard names (relative to the version root; full store paths for a concatenation of several datasets), in manifest order.</summary>
    public IReadOnlyList<string> Shards { get; }

    /// <summary>Number of clips.</summary>
    public int Count => Entries.Count;

    /// <summary>The layout of every clip.</summary>
    public ClipShape Shape => Info.Spec.Shape;

    /// <summary>Opens a dataset version (the current one when <paramref name="version"/> is null).</summary>
    /// <param name="cache">A local shard cache for remote stores; null reads the store directly.</param>
    public static async Task<ClipDataset> OpenAsync(IBlobStore store, string name, string? version = null, ShardCache? cache = null, CancellationToken cancellationToken = default)
    {
        if (version is null)
        {
            var current = await store.ReadJsonOrDefaultAsync<CurrentVersion>(DatasetLayout.CurrentPointer(name), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Dataset '{name}' does not exist in {store.Description} (no {DatasetLayout.CurrentPointer(name)}); run `videossl ingest --dataset {name}` first.");
            version = current.Version;
        }
        var layout = new DatasetLayout(name, version);
        var info = await store.ReadJsonOrDefaultAsync<DatasetInfo>(layout.Info, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Dataset '{name}' has no version '{version}' in {store.Description}.");
        if (!await store.ExistsAsync(layout.Manifest, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Dataset '{name}' version {version} has no manifest yet; rerun `videossl ingest` to finish it.");
        }
        var entries = await Manifest.ReadAsync(store, layout, cancellationToken).ConfigureAwait(false);
        return new ClipDataset(store, layout, info, entries, cache);
    }

    /// <summary>Opens one dataset (like <see cref="OpenAsync"/>) or several, concatenated in the given order.</summary>
    /// <remarks>
    /// Several datasets are opened at their current versions and must share one clip shape. Their clips are renumbered 0..Count-1
    /// in order; <see cref="Info"/> joins the names and versions with '+', and <see cref="Layout"/> is the first dataset's.
    /// </remarks>
    /// <param name="version">A version to open; only allowed with a single name.</param>
    /// <param name="cache">A local shard cache for remote stores; null reads the store directly.</param>
    public static async Task<ClipDataset> OpenManyAsync(IBlobStore store, IReadOnlyList<string> names, string? version = null, ShardCache? cache = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            throw new ArgumentException("Name at least one dataset.", nameof(names));
        }
        if (names.Count == 1)
        {
            return await OpenAsync(store, names[0], version, cache, ct).ConfigureAwait(false);
        }
        if (version is not null)
        {
            throw new ArgumentException($"A dataset version ('{version}') can only be given with a single dataset, not with {names.Count} ({string.Join(", ", names)}).", nameof(version));
        }
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Dataset '{duplicate.Key}' is named more than once.", nameof(names));
        }
        var parts = new List<ClipDataset>(names.Count);
        foreach (var name in names)
        {
            var part = await OpenAsync(store, name, null, cache, ct).ConfigureAwait(false);
            if (parts.Count > 0 && part.Shape != parts[0].Shape)
            {
                throw new InvalidOperationException(
                    $"Datasets '{parts[0].Info.Name}' ({parts[0].Shape}) and '{part.Info.Name}' ({part.Shape}) hold clips of different shapes (frames x height x width x channels) and cannot be trained on together; ingest them with the same --size/--frames/--color.");
            }
            parts.Add(part);
        }
        var entries = new List<ManifestEntry>(parts.Sum(p => p.Count));
        foreach (var part in parts)
        {
            foreach (var entry in part.Entries)
            {
                entries.Add(entry with { Clip = entries.Count, Shard = part.Layout.Shard(entry.Shard) });
            }
        }
        var first = parts[0];
        var info = first.Info with
        {
            Name = string.Join('+', parts.Select(p => p.Info.Name)),
            Version = string.Join('+', parts.Select(p => p.Info.Version)),
        };
        return new ClipDataset(store, first.Layout, info, entries, cache, fullShardPaths: true);
    }

    /// <summary>Reads one clip by number with a single range read, verified against its shard's checksum.</summary>
    public async Task<byte[]> ReadClipAsync(int clip, CancellationToken cancellationToken = default)
    {
        if ((uint)clip >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(clip), $"Dataset '{Info.Name}' has {Count} clips; there is no clip {clip}.");
        }
        var entry = Entries[clip];
        var path = ShardPath(entry.Shard);
        if (_cache is not null)
        {
            var shard = await ReadShardAsync(entry.Shard, cancellationToken).ConfigureAwait(false);
            return shard.GetClip(entry.ShardIndex).ToArray();
        }
        var table = await _tables.GetOrAdd(path, p => ReadTableAsync(p, CancellationToken.None)).ConfigureAwait(false);
        var bytes = await _store.ReadRangeAsync(path, entry.Offset, Shape.ClipBytes, cancellationToken).ConfigureAwait(false);
        ShardReader.Verify(bytes, table[entry.ShardIndex], path, entry.ShardIndex);
        return bytes;
    }

    /// <summary>Reads a whole shard (through the cache when there is one).</summary>
    public async Task<ShardReader> ReadShardAsync(string shard, CancellationToken cancellationToken = default)
    {
        var path = ShardPath(shard);
        var bytes = _cache is null
            ? await _store.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)
            : await _cache.GetAsync(_store, path, cancellationToken).ConfigureAwait(false);
        var reader = ShardReader.Parse(path, bytes);
        if (reader.Header.Shape != Shape)
        {
            throw new InvalidDataException($"Shard '{path}' holds clips of {reader.Header.Shape}; the dataset says {Shape}.");
        }
        return reader;
    }

    /// <summary>Streams every clip shard by shard, in the given shard order (manifest order by default).</summary>
    public async IAsyncEnumerable<(ManifestEntry Entry, ReadOnlyMemory<byte> Pixels)> StreamAsync(
        IEnumerable<string>? shardOrder = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var byShard = Entries.ToLookup(e => e.Shard, StringComparer.Ordinal);
        foreach (var shard in shardOrder ?? Shards)
        {
            var reader = await ReadShardAsync(shard, cancellationToken).ConfigureAwait(false);
            foreach (var entry in byShard[shard])
            {
                yield return (entry, reader.GetClip(entry.ShardIndex));
            }
        }
    }

    private string ShardPath(string shard) => _fullShardPaths ? shard : Layout.Shard(shard);

    private async Task<ulong[]> ReadTableAsync(string path, CancellationToken cancellationToken)
    {
        var head = await _store.ReadRangeAsync(path, 0, ShardFormat.HeaderSize, cancellationToken).ConfigureAwait(false);
        var header = ShardFormat.ReadHeader(head, path);
        var table = header.ClipCount == 0 ? [] : await _store.ReadRangeAsync(path, ShardFormat.HeaderSize, 8 * header.ClipCount, cancellationToken).ConfigureAwait(false);
        return ShardFormat.ReadChecksums(table, header, path);
    }
}
