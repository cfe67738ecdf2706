using Microsoft.Extensions.Time.Testing;
using VideoSsl.Storage.Claims;
using VideoSsl.Testing;

namespace VideoSsl.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ClaimBoardTests(AzuriteFixture azurite) : IDisposable
{
    private readonly StoreBackends _backends = new(azurite);

    public void Dispose() => _backends.Dispose();

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Only_one_of_many_workers_gets_a_claim(string backend)
    {
        var store = _backends.Create(backend);
        var boards = Enumerable.Range(0, 8).Select(i => new ClaimBoard(store, "claims", $"worker{i}", TimeSpan.FromMinutes(1))).ToList();
        var claims = await Task.WhenAll(boards.Select(b => Task.Run(() => b.TryAcquireAsync("video1"))));
        Assert.Single(claims, c => c is not null);
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task An_expired_claim_is_taken_over_by_exactly_one_worker(string backend)
    {
        var store = _backends.Create(backend);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dead = new ClaimBoard(store, "claims", "dead", TimeSpan.FromSeconds(30), time);
        Assert.NotNull(await dead.TryAcquireAsync("v"));
        var others = Enumerable.Range(0, 4).Select(i => new ClaimBoard(store, "claims", $"w{i}", TimeSpan.FromSeconds(30), time)).ToList();
        Assert.All(await Task.WhenAll(others.Select(o => o.TryAcquireAsync("v"))), Assert.Null);
        time.Advance(TimeSpan.FromSeconds(31));
        var takeovers = await Task.WhenAll(others.Select(o => Task.Run(() => o.TryAcquireAsync("v"))));
        Assert.Single(takeovers, c => c is not null);
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task Renewal_keeps_a_claim_alive_and_release_frees_it(string backend)
    {
        var store = _backends.Create(backend);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var holder = new ClaimBoard(store, "claims", "holder", TimeSpan.FromSeconds(30), time);
        var other = new ClaimBoard(store, "claims", "other", TimeSpan.FromSeconds(30), time);
        var claim = await holder.TryAcquireAsync("v");
        Assert.NotNull(claim);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await holder.RenewAsync(claim!));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(await other.TryAcquireAsync("v"));
        Assert.True(await holder.ReleaseAsync(claim!));
        Assert.NotNull(await other.TryAcquireAsync("v"));
    }

    [Theory]
    [MemberData(nameof(StoreBackends.Names), MemberType = typeof(StoreBackends))]
    public async Task A_lost_claim_cannot_be_renewed_or_released(string backend)
    {
        var store = _backends.Create(backend);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var slow = new ClaimBoard(store, "claims", "slow", TimeSpan.FromSeconds(10), time);
        var fast = new ClaimBoard(store, "claims", "fast", TimeSpan.FromSeconds(10), time);
        var claim = await slow.TryAcquireAsync("v");
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.NotNull(await fast.TryAcquireAsync("v"));
        Assert.False(await slow.RenewAsync(claim!));
        Assert.False(await slow.ReleaseAsync(claim!));
    }
}
