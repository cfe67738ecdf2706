using VideoSsl.Storage.Claims;
using VideoSsl.Testing;

namespace VideoSsl.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ClaimKeeperTests(AzuriteFixture azurite) : IDisposable
{
    private readonly StoreBackends _backends = new(azurite);

    public void Dispose() => _backends.Dispose();

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Kept_claims_outlive_their_time_to_live_and_are_given_back_on_dispose(string backend)
    {
        var store = _backends.Create(backend);
        var ttl = TimeSpan.FromSeconds(1.5);
        var other = new ClaimBoard(store, "claims", "other", ttl);
        var lost = 0;
        var keeper = new ClaimKeeper(new ClaimBoard(store, "claims", "keeper", ttl), _ => Interlocked.Increment(ref lost));
        Assert.True(await keeper.TryAcquireAsync("a"));
        Assert.True(await keeper.TryAcquireAsync("b"));
        Assert.False(await keeper.TryAcquireAsync("a"));           // held, by us, and not expired

        await Task.Delay(ttl * 2.5);                               // renewed every ttl/3 meanwhile
        Assert.Null(await other.TryAcquireAsync("a"));
        await keeper.ReleaseAsync("a");
        Assert.NotNull(await other.TryAcquireAsync("a"));
        Assert.Null(await other.TryAcquireAsync("b"));

        await keeper.DisposeAsync();
        Assert.NotNull(await other.TryAcquireAsync("b"));
        Assert.Equal(0, keeper.Count);
        Assert.Equal(0, lost);
    }
}
