using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Storage.Tests;

/// <summary>The folder store on a full disk, and the temp files killed writers leave in it.</summary>
public sealed class FolderStoreFaultsTests : IDisposable
{
    private readonly TempFolder _temp = new("folder-faults");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_full_disk_is_told_from_other_io_failures()
    {
        Assert.True(DiskFull.Is(FullDisk.Error()));
        Assert.True(DiskFull.Is(new InvalidOperationException("wrapped", FullDisk.Error())));
        Assert.False(DiskFull.Is(new IOException("Could not lock 'x'")));
        Assert.False(DiskFull.Is(new FileNotFoundException("gone", "x")));
    }

    [Fact]
    public async Task A_write_to_a_full_disk_names_the_store_and_the_blob_and_leaves_no_temp_file()
    {
        var store = new FolderBlobStore(_temp["store"]);

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync("datasets/x/v1/shards/a-00000.vss", FullDisk.Stream()));

        Assert.Equal($"store {store.Root}: write datasets/x/v1/shards/a-00000.vss failed: its disk is full (No space left on device)", e.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, ".tmp")));
        Assert.Null(await store.GetPropertiesAsync("datasets/x/v1/shards/a-00000.vss"));
    }

    [Fact]
    public void Temp_files_untouched_for_the_age_given_are_removed_but_never_younger_than_the_lock_timeout()
    {
        var store = new FolderBlobStore(_temp["store"]);
        var temp = Path.Combine(store.Root, ".tmp");
        foreach (var (name, seconds) in new[] { ("old", 600), ("waiting-for-its-lock", 20), ("new", 0) })
        {
            File.WriteAllBytes(Path.Combine(temp, name), [1]);
            File.SetLastWriteTimeUtc(Path.Combine(temp, name), DateTime.UtcNow - TimeSpan.FromSeconds(seconds));
        }

        Assert.Equal(1, store.RemoveStaleTemporaryFiles(TimeSpan.FromSeconds(5)));

        Assert.Equal(["new", "waiting-for-its-lock"], Directory.GetFiles(temp).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
