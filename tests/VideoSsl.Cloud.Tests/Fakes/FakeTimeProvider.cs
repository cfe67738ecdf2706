namespace VideoSsl.Cloud.Tests.Fakes;

/// <summary>A clock whose timers fire at once and move the clock forward, recording each requested delay.</summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_delays)
            {
                return _delays.ToList();
            }
        }
    }

    /// <summary>Moves the clock forward without recording a delay.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_delays)
        {
            _now += by;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_delays)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_delays)
            {
                _delays.Add(dueTime);
                _now += dueTime;
            }

            // Fire on the thread pool, as a real timer would, but without waiting.
            ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
        }

        return new NoopTimer();
    }

    private sealed class NoopTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => default;
    }
}
