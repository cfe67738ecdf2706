using System.Text;
using VideoSsl.Testing;

namespace VideoSsl.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobStoreContractTests(AzuriteFixture azurite) : IDisposable
{
    private readonly StoreBackends _backends = new(azurite);

    public void Dispose() => _backends.Dispose();

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Written_blob_reads_back_and_overwrite_replaces_it(string backend)
    {
        var store = _backends.Create(backend);
        await store.WriteTextAsync("a/b/c.txt", "first");
        Assert.Equal("first", await store.ReadTextAsync("a/b/c.txt"));
        await store.WriteTextAsync("a/b/c.txt", "second, longer");
        Assert.Equal("second, longer", await store.ReadTextAsync("a/b/c.txt"));
        var props = await store.GetPropertiesAsync("a/b/c.txt");
        Assert.Equal(14, props!.Length);
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Missing_blob_is_reported_as_not_found(string backend)
    {
        var store = _backends.Create(backend);
        Assert.Null(await store.GetPropertiesAsync("nothing/here"));
        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.OpenReadAsync("nothing/here"));
        Assert.Contains("nothing/here", e.Message);
        Assert.False(await store.DeleteAsync("nothing/here"));
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Conditional_create_succeeds_once_and_never_overwrites(string backend)
    {
        var store = _backends.Create(backend);
        Assert.True(await store.TryCreateAsync("claims/x", "one"u8.ToArray()));
        Assert.False(await store.TryCreateAsync("claims/x", "two"u8.ToArray()));
        Assert.Equal("one", await store.ReadTextAsync("claims/x"));
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Concurrent_conditional_creates_have_exactly_one_winner(string backend)
    {
        var store = _backends.Create(backend);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => store.TryCreateAsync("race", Encoding.UTF8.GetBytes($"writer {i}")))));
        Assert.Equal(1, attempts.Count(won => won));
        var winner = Array.IndexOf(attempts, true);
        Assert.Equal($"writer {winner}", await store.ReadTextAsync("race"));
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Replace_needs_the_current_etag(string backend)
    {
        var store = _backends.Create(backend);
        await store.WriteTextAsync("doc", "v1");
        var v1 = (await store.GetPropertiesAsync("doc"))!.ETag;
        Assert.True(await store.TryReplaceAsync("doc", "v2"u8.ToArray(), v1));
        Assert.False(await store.TryReplaceAsync("doc", "v3"u8.ToArray(), v1));
        Assert.Equal("v2", await store.ReadTextAsync("doc"));
        var v2 = (await store.GetPropertiesAsync("doc"))!.ETag;
        Assert.NotEqual(v1, v2);
        Assert.False(await store.DeleteAsync("doc", v1));
        Assert.True(await store.DeleteAsync("doc", v2));
        Assert.Null(await store.GetPropertiesAsync("doc"));
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task List_returns_blobs_under_a_prefix_in_path_order(string backend)
    {
        var store = _backends.Create(backend);
        foreach (var path in new[] { "d/2.bin", "d/1.bin", "d/sub/3.bin", "e/4.bin", "dx/5.bin" })
        {
            await store.WriteTextAsync(path, path);
        }
        var listed = new List<string>();
        await foreach (var blob in store.ListAsync("d/"))
        {
            listed.Add(blob.Path);
        }
        Assert.Equal(["d/1.bin", "d/2.bin", "d/sub/3.bin"], listed);
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Range_read_returns_exactly_the_bytes_asked_for(string backend)
    {
        var store = _backends.Create(backend);
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)(i % 251)).ToArray();
        await store.WriteBytesAsync("r.bin", bytes);
        Assert.Equal(bytes[100..300], await store.ReadRangeAsync("r.bin", 100, 200));
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Readers_never_see_a_partial_write(string backend)
    {
        // A writer keeps replacing a 4 MiB blob whose bytes are all equal; every read must be whole and uniform.
        var store = _backends.Create(backend);
        const int size = 4 << 20;
        await store.WriteBytesAsync("big.bin", new byte[size]);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (byte k = 1; k <= 12; k++)
            {
                await store.WriteBytesAsync("big.bin", Enumerable.Repeat(k, size).ToArray());
            }
        });
        var reads = 0;
        while (!writer.IsCompleted || reads < 3)
        {
            var read = await store.ReadAllBytesAsync("big.bin");
            Assert.Equal(size, read.Length);
            Assert.True(read.All(b => b == read[0]), "a read mixed two versions of the blob");
            reads++;
        }
        await writer;
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Mirroring_a_prefix_copies_its_tree_once(string backend)
    {
        var store = _backends.Create(backend);
        await store.WriteTextAsync("labeled/classInd.txt", "1 a\n");
        await store.WriteTextAsync("labeled/a/v1.mp4", "video");
        await store.WriteTextAsync("other/x.mp4", "not mirrored");
        var folder = Path.Combine(Path.GetTempPath(), $"videossl-mirror-{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(2, await store.MirrorToFolderAsync("labeled", folder));
            Assert.Equal("video", await File.ReadAllTextAsync(Path.Combine(folder, "a", "v1.mp4")));
            Assert.False(File.Exists(Path.Combine(folder, "x.mp4")));
            Assert.Equal(0, await store.MirrorToFolderAsync("labeled", folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../b")]
    [InlineData("/absolute")]
    [InlineData("bad\u0001name")]
    [InlineData("")]
    public void Unsafe_paths_are_refused_with_a_reason(string path)
    {
        var e = Assert.Throws<ArgumentException>(() => BlobPath.Validate(path));
        Assert.Contains("not allowed", e.Message);
    }
}
