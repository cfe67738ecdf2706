using System.Collections.Concurrent;

namespace VideoSsl.Storage.Claims;

/// <summary>The claims one worker holds on a <see cref="ClaimBoard"/>: acquired, renewed in the background until released, and given back on dispose.</summary>
/// <remarks>
/// Renewal runs every third of the board's time to live, so a live worker's claims never expire while a dead one's do.
/// Disposing stops the renewal and releases every claim still held (a worker that stops, finished or cancelled, leaves
/// no claim behind for others to wait out). A renewal and a release of the same claim never overlap: a release with the
/// ETag a renewal is replacing would fail and leave the claim to expire. Different claims are renewed and released
/// independently.
/// </remarks>
public sealed class ClaimKeeper : IAsyncDisposable
{
    private static readonly TimeSpan ReleaseGrace = TimeSpan.FromMinutes(2);
    private readonly ClaimBoard _board;
    private readonly Action<string>? _onLost;
    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    /// <summary>Starts keeping claims on <paramref name="board"/>; <paramref name="onLost"/> hears of a claim that expired and was taken over.</summary>
    public ClaimKeeper(ClaimBoard board, Action<string>? onLost = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        _board = board;
        _onLost = onLost;
        _renewing = RenewAsync(_stop.Token);
    }

    /// <summary>Claims held now.</summary>
    public int Count => _held.Count;

    /// <summary>Claims <paramref name="key"/> and keeps it; false when another worker holds a live claim on it.</summary>
    public async Task<bool> TryAcquireAsync(string key, CancellationToken cancellationToken = default)
    {
        var claim = await _board.TryAcquireAsync(key, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return false;
        }
        _held[key] = new Held(claim);
        return true;
    }

    /// <summary>Gives up the claim on <paramref name="key"/> if it is held (only if it is still ours on the board).</summary>
    public async Task ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!_held.TryRemove(key, out var held))
        {
            return;
        }
        await held.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _board.ReleaseAsync(held.Claim, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            held.Gate.Release();
        }
    }

    /// <summary>Stops renewing and releases every claim still held.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        using var grace = new CancellationTokenSource(ReleaseGrace);
        foreach (var key in _held.Keys)
        {
            await ReleaseAsync(key, grace.Token).ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var period = _board.TimeToLive / 3;
        try
        {
            while (true)
            {
                await Task.Delay(period, _board.Time, cancellationToken).ConfigureAwait(false);
                foreach (var (key, held) in _held)
                {
                    await RenewAsync(key, held, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RenewAsync(string key, Held held, CancellationToken cancellationToken)
    {
        await held.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Released while we waited: nothing to renew.
            if (_held.TryGetValue(key, out var current) && ReferenceEquals(current, held)
                && !await _board.RenewAsync(held.Claim, cancellationToken).ConfigureAwait(false))
            {
                _onLost?.Invoke(key);
            }
        }
        finally
        {
            held.Gate.Release();
        }
    }

    private sealed class Held(Claim claim)
    {
        public Claim Claim { get; } = claim;

        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
